package io.lambdakit.secrets.e2e;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.lambdakit.secrets.CachedValue;
import io.lambdakit.secrets.Parameters;
import io.lambdakit.secrets.Secrets;

import java.util.LinkedHashMap;
import java.util.Map;

/** A function as users write it: caches built at init (static fields), read per invocation. */
public class SecretsHandler implements RequestHandler<Map<String, String>, Map<String, Object>> {

    public record DbConfig(String user, int port) { }

    private static final Secrets SECRETS = Secrets.create();
    private static final Parameters PARAMETERS = Parameters.create();
    private static final CachedValue<DbConfig> DB = SECRETS.cached("prod/db", DbConfig.class);

    @Override
    public Map<String, Object> handleRequest(Map<String, String> event, Context context) {
        String id = event.getOrDefault("secret", "prod/api-key");
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("user", DB.get().user());
        out.put("endpoint", PARAMETERS.get("/orders/endpoint"));
        out.put("apiKey", SECRETS.get(id));
        out.put("source", SECRETS.source());
        return out;
    }
}
