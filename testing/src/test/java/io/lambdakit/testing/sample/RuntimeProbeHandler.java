package io.lambdakit.testing.sample;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reports the JVM it runs in: its version, its input arguments and the runtime's {@code AWS_EXECUTION_ENV}. */
public class RuntimeProbeHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("javaVersion", Runtime.version().feature());
        out.put("executionEnv", System.getenv("AWS_EXECUTION_ENV"));
        out.put("initType", System.getenv("AWS_LAMBDA_INITIALIZATION_TYPE"));
        out.put("jvmArgs", ManagementFactory.getRuntimeMXBean().getInputArguments());
        return out;
    }
}
