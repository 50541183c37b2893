package io.lambdakit.testing;

import io.lambdakit.core.Environment;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** What Lambda gives a function besides its code: the execution environment's variables, ARN and trace headers. */
final class LambdaEnvironment {

    private static final SecureRandom RANDOM = new SecureRandom();

    private LambdaEnvironment() {
    }

    /**
     * @param s             the function's settings (its own variables override Lambda's)
     * @param xrayAddress   the X-Ray daemon stand-in, {@code host:port}
     * @param workDirectory the function's directory (task root, runtime directory)
     * @return the variables of Lambda's Java managed runtime, with the function's own
     */
    static Map<String, String> variables(FunctionSettings s, String xrayAddress, Path workDirectory) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", "/usr/local/bin:/usr/bin/:/bin:/opt/bin");
        env.put("LANG", "en_US.UTF-8");
        env.put("TZ", ":UTC");
        env.put(Environment.HANDLER, s.handler);
        env.put(Environment.AWS_EXECUTION_ENV, s.runtime.executionEnvironment());
        env.put(Environment.AWS_LAMBDA_FUNCTION_NAME, s.functionName);
        env.put(Environment.AWS_LAMBDA_FUNCTION_VERSION, s.functionVersion);
        env.put(Environment.AWS_LAMBDA_FUNCTION_MEMORY_SIZE, Integer.toString(s.memoryMb));
        env.put(Environment.AWS_LAMBDA_INITIALIZATION_TYPE, s.initializationType.wireName());
        if (s.managedInstances()) {
            env.put(Environment.AWS_LAMBDA_MAX_CONCURRENCY, Integer.toString(s.concurrency()));
        }
        env.put(Environment.AWS_LAMBDA_LOG_GROUP_NAME, "/aws/lambda/" + s.functionName);
        env.put(Environment.AWS_REGION, s.region);
        env.put(Environment.AWS_DEFAULT_REGION, s.region);
        env.put(Environment.AWS_ACCESS_KEY_ID, "ASIALOCALTESTKEY0000");
        env.put(Environment.AWS_SECRET_ACCESS_KEY, "local-testing-secret-access-key-not-a-real-one");
        env.put(Environment.AWS_SESSION_TOKEN, "local-testing-session-token-" + UUID.randomUUID());
        env.put(Environment.AWS_XRAY_DAEMON_ADDRESS, xrayAddress);
        int colon = xrayAddress.lastIndexOf(':');
        env.put("_AWS_XRAY_DAEMON_ADDRESS", xrayAddress.substring(0, colon));
        env.put("_AWS_XRAY_DAEMON_PORT", xrayAddress.substring(colon + 1));
        env.put(Environment.AWS_XRAY_CONTEXT_MISSING, "LOG_ERROR");
        env.put(Environment.LAMBDA_TASK_ROOT, workDirectory.resolve("task").toString());
        env.put("LAMBDA_RUNTIME_DIR", workDirectory.resolve("runtime").toString());
        env.putAll(s.environment);
        return Map.copyOf(env);
    }

    /**
     * @param sampled the sampling decision
     * @return a new X-Ray trace header as Lambda makes one: a new root and parent id
     */
    static String newTraceHeader(boolean sampled) {
        long epoch = System.currentTimeMillis() / 1000;
        byte[] id = new byte[12];
        byte[] parent = new byte[8];
        RANDOM.nextBytes(id);
        RANDOM.nextBytes(parent);
        HexFormat hex = HexFormat.of();
        return "Root=1-" + String.format("%08x", epoch) + "-" + hex.formatHex(id) + ";Parent=" + hex.formatHex(parent)
                + ";Sampled=" + (sampled ? "1" : "0");
    }

    /**
     * @param s the function's settings
     * @return the function's unqualified ARN
     */
    static String functionArn(FunctionSettings s) {
        return TestContext.functionArn(s.region, TestContext.DEFAULT_ACCOUNT_ID, s.functionName);
    }
}
