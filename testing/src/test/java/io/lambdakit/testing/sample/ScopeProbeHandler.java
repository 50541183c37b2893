package io.lambdakit.testing.sample;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.lambdakit.core.ExecutionEnvironment;
import io.lambdakit.core.InvocationScope;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A handler that reports what lambdakit's components see in its execution environment (the variables
 * through core's {@link ExecutionEnvironment}, the cold-start classification) and writes on every channel a
 * function has: {@code System.out}, {@code System.err}, the context's logger and a thread it starts.
 */
public class ScopeProbeHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    private final String serviceAtInit;

    /** Prints during init, as constructors that set up clients do. */
    public ScopeProbeHandler() {
        serviceAtInit = ExecutionEnvironment.current().environment().serviceName();
        System.out.println("{\"level\":\"INFO\",\"message\":\"init\",\"service\":\"" + serviceAtInit + "\"}");
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        ExecutionEnvironment environment = ExecutionEnvironment.current();
        try (InvocationScope scope = environment.enter(context)) {
            String service = environment.environment().serviceName();
            System.out.println("{\"level\":\"INFO\",\"message\":\"handled\",\"service\":\"" + service + "\",\"function_request_id\":\""
                    + scope.context().requestId() + "\"}");
            System.out.println("{\"_aws\":{\"Timestamp\":1700000000000,\"CloudWatchMetrics\":[{\"Namespace\":\""
                    + environment.environment().get("NAMESPACE", "none") + "\",\"Dimensions\":[[\"Service\"]],"
                    + "\"Metrics\":[{\"Name\":\"Probes\",\"Unit\":\"Count\"}]}]},\"Service\":\"" + service + "\",\"Probes\":1}");
            System.err.println("a plain line on stderr");
            context.getLogger().log("from the context logger\n");
            Thread helper = new Thread(() -> System.out.println("from a thread the handler started"));
            helper.start();
            join(helper);
            Map<String, Object> seen = new LinkedHashMap<>();
            seen.put("service", service);
            seen.put("serviceAtInit", serviceAtInit);
            seen.put("coldStart", scope.context().coldStart().wireName());
            seen.put("functionName", environment.environment().functionName().orElse(""));
            return seen;
        }
    }

    private static void join(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
