package io.lambdakit.secrets.e2e;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.lambdakit.secrets.Secrets;

import java.util.Map;

/** Reads its secret during init, i.e. before the SnapStart snapshot, and again per invocation. */
public class SnapStartSecretsHandler implements RequestHandler<Map<String, String>, String> {

    private final Secrets secrets = Secrets.create();
    private final String atInit;

    public SnapStartSecretsHandler() {
        atInit = secrets.get("prod/api-key");
    }

    @Override
    public String handleRequest(Map<String, String> event, Context context) {
        return atInit.length() + ":" + secrets.get("prod/api-key");
    }
}
