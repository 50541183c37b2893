package io.lambdakit.testing.internal;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import com.fasterxml.jackson.databind.JsonNode;
import io.lambdakit.core.Environment;
import io.lambdakit.core.Json;
import io.lambdakit.testing.InvocationError;
import io.lambdakit.testing.TestContext;
import io.lambdakit.testing.internal.crac.Core;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A portable runtime loop for platforms where the runtime interface client's native library
 * cannot load (macOS, Windows): it speaks the same Runtime API over plain HTTP, loads and calls
 * the handler with the same rules ({@link HandlerDispatcher}), reports errors in the same
 * documents, and drives SnapStart hooks through {@link Core} (selected with
 * {@code -Dorg.crac.Core.Compat=io.lambdakit.testing.internal.crac}). It is the child JVM's main
 * class; it never runs in the test's JVM.
 */
public final class JavaRuntimeLoop {

    /** The package to pass as {@code -Dorg.crac.Core.Compat} with this loop. */
    public static final String CRAC_COMPAT = "io.lambdakit.testing.internal.crac";
    private static final String TRACE_PROPERTY = "com.amazonaws.xray.traceHeader";

    private final String base;
    private final Environment env;
    private final PrintStream out;

    private JavaRuntimeLoop(String api, Environment env, PrintStream out) {
        this.base = "http://" + api + "/2018-06-01/runtime/";
        this.env = env;
        this.out = out;
    }

    /**
     * Runs the loop until the process is killed.
     *
     * @param args the handler string
     * @throws IOException when the Runtime API cannot be reached
     */
    public static void main(String[] args) throws IOException {
        Environment env = Environment.system();
        String handler = args.length > 0 ? args[0] : env.get(Environment.HANDLER, "");
        JavaRuntimeLoop loop = new JavaRuntimeLoop(env.get(Environment.AWS_LAMBDA_RUNTIME_API, "127.0.0.1:9001"), env, System.out);
        loop.run(handler);
    }

    private void run(String handler) throws IOException {
        HandlerDispatcher dispatcher;
        try {
            dispatcher = HandlerDispatcher.load(handler, ClassLoader.getSystemClassLoader());
        } catch (HandlerDispatcher.InitFailure f) {
            InvocationError e = InProcessDriver.errorOf(f.errorType(), f.errorMessage(), f.userCause(), "Runtime.BadFunctionCode", false);
            report(e, f.userCause());
            post("init/error", e, "Runtime.BadFunctionCode");
            System.exit(1);
            return;
        }
        if ("snap-start".equals(env.get(Environment.AWS_LAMBDA_INITIALIZATION_TYPE, ""))) {
            snapStart();
        }
        while (true) {
            HttpURLConnection next = (HttpURLConnection) new URL(base + "invocation/next").openConnection();
            next.setReadTimeout(0);
            byte[] payload;
            try (InputStream in = next.getInputStream()) {
                payload = in.readAllBytes();
            }
            String requestId = next.getHeaderField("Lambda-Runtime-Aws-Request-Id");
            String trace = next.getHeaderField("Lambda-Runtime-Trace-Id");
            if (trace != null) {
                System.setProperty(TRACE_PROPERTY, trace);
            } else {
                System.clearProperty(TRACE_PROPERTY);
            }
            TestContext context = context(next, requestId, trace);
            try {
                byte[] response = dispatcher.invoke(payload, context);
                post("invocation/" + requestId + "/response", response, null);
            } catch (Throwable t) {
                InvocationError e = InProcessDriver.errorOf(t.getClass().getName(), t.getLocalizedMessage(), t, "Runtime.UserException");
                post("invocation/" + requestId + "/error", e, "Runtime.UserException");
                report(e, t);
                if (t instanceof VirtualMachineError) {
                    System.exit(1);
                }
            }
        }
    }

    private void snapStart() throws IOException {
        try {
            Core.getGlobalContext().beforeCheckpoint(null);
            HttpURLConnection restore = (HttpURLConnection) new URL(base + "restore/next").openConnection();
            restore.setReadTimeout(0);
            if (restore.getResponseCode() != 200) {
                throw new IOException("restore/next answered " + restore.getResponseCode());
            }
        } catch (Exception e) {
            InvocationError error = InProcessDriver.errorOf(e.getClass().getName(), e.getLocalizedMessage(), e, "Runtime.BeforeCheckpointError");
            report(error, e);
            post("init/error", error, "Runtime.BeforeCheckpointError");
            System.exit(64);
        }
        try {
            Core.getGlobalContext().afterRestore(null);
        } catch (Exception e) {
            InvocationError error = InProcessDriver.errorOf(e.getClass().getName(), e.getLocalizedMessage(), e, "Runtime.AfterRestoreError");
            report(error, e);
            post("restore/error", error, "Runtime.AfterRestoreError");
            System.exit(64);
        }
    }

    private TestContext context(HttpURLConnection next, String requestId, String trace) {
        TestContext.Builder b = TestContext.builder()
                .requestId(requestId)
                .functionName(env.functionName().orElse(TestContext.DEFAULT_FUNCTION_NAME))
                .functionVersion(env.functionVersion().orElse("$LATEST"))
                .memoryLimitMb(env.functionMemorySizeMb().orElse(TestContext.DEFAULT_MEMORY_MB))
                .invokedFunctionArn(next.getHeaderField("Lambda-Runtime-Invoked-Function-Arn"))
                .deadline(Instant.ofEpochMilli(Long.parseLong(next.getHeaderField("Lambda-Runtime-Deadline-Ms"))))
                .xrayTraceId(trace)
                .tenantId(next.getHeaderField("Lambda-Runtime-Aws-Tenant-Id"))
                .logger(new StdoutLogger(out));
        env.logGroupName().ifPresent(b::logGroupName);
        env.logStreamName().ifPresent(b::logStreamName);
        JsonNode clientContext = readJson(next.getHeaderField("Lambda-Runtime-Client-Context"));
        if (clientContext != null) {
            b.clientContext(strings(clientContext.path("custom")), strings(clientContext.path("env")));
        }
        JsonNode identity = readJson(next.getHeaderField("Lambda-Runtime-Cognito-Identity"));
        if (identity != null) {
            b.identity(identity.path("cognitoIdentityId").asText(null), identity.path("cognitoIdentityPoolId").asText(null));
        }
        return b.build();
    }

    private static Map<String, String> strings(JsonNode node) {
        Map<String, String> m = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
        return m;
    }

    private static JsonNode readJson(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Json.mapper().readTree(text);
        } catch (IOException e) {
            return null;
        }
    }

    private void report(InvocationError e, Throwable t) {
        out.println(e.errorMessage() + ": " + e.errorType());
        if (t != null) {
            t.printStackTrace(out);
        }
        out.flush();
    }

    private void post(String path, InvocationError error, String errorType) throws IOException {
        post(path, error.document().toString().getBytes(StandardCharsets.UTF_8), errorType);
    }

    private void post(String path, byte[] body, String errorType) throws IOException {
        HttpURLConnection c = (HttpURLConnection) new URL(base + path).openConnection();
        c.setRequestMethod("POST");
        c.setDoOutput(true);
        c.setFixedLengthStreamingMode(body.length);
        c.setRequestProperty("Content-Type", "application/json");
        if (errorType != null) {
            c.setRequestProperty("Lambda-Runtime-Function-Error-Type", errorType);
        }
        try (OutputStream o = c.getOutputStream()) {
            o.write(body);
        }
        c.getResponseCode();
        c.disconnect();
    }

    /** Writes what the handler logs through its context to stdout, one line per call. */
    private static final class StdoutLogger implements LambdaLogger {
        private final PrintStream out;

        StdoutLogger(PrintStream out) {
            this.out = out;
        }

        @Override
        public void log(String message) {
            out.println(message);
        }

        @Override
        public void log(byte[] message) {
            log(new String(message, StandardCharsets.UTF_8));
        }

        @Override
        public void log(String message, LogLevel level) {
            log(message);
        }

        @Override
        public void log(byte[] message, LogLevel level) {
            log(message);
        }
    }
}
