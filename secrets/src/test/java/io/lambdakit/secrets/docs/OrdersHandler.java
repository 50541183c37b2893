package io.lambdakit.secrets.docs;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.lambdakit.secrets.CachedValue;
import io.lambdakit.secrets.Parameters;
import io.lambdakit.secrets.SecretNotFoundException;
import io.lambdakit.secrets.Secrets;

import java.time.Duration;
import java.util.Map;

// docs:begin quick-start
public class OrdersHandler implements RequestHandler<Map<String, String>, String> {

    /** The JSON stored in the secret prod/orders-db. */
    public record DbConfig(String user, String password, String host, int port) { }

    // Built once per execution environment (at init); provider, max age etc. come from the environment.
    private static final Secrets SECRETS = Secrets.builder()
            .maxAge(Duration.ofMinutes(5))            // rotate-friendly, far fewer GetSecretValue calls
            .staleOnError(Duration.ofMinutes(15))     // keep serving the last value if the extension hiccups
            .build();
    private static final Parameters PARAMETERS = Parameters.create();

    // A handle: its cache key is computed once, a hit allocates nothing.
    private static final CachedValue<DbConfig> DB = SECRETS.cached("prod/orders-db", DbConfig.class);

    @Override
    public String handleRequest(Map<String, String> event, Context context) {
        DbConfig db = DB.get();                                                    // cached JSON -> record
        String endpoint = PARAMETERS.get("/orders/payments-endpoint");             // plain String parameter
        String signingKey = PARAMETERS.query("/orders/signing-key").withDecryption().get();  // SecureString
        String feature;
        try {
            feature = SECRETS.get("prod/orders-feature-token");
        } catch (SecretNotFoundException e) {                                      // names the id, never a value
            feature = "none";
        }
        return db.user() + "@" + db.host() + ":" + db.port() + " -> " + endpoint
                + " (key " + signingKey.length() + " chars, feature " + !feature.equals("none") + ")";
    }
}
// docs:end quick-start
