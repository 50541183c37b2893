package io.lambdakit.testing.sample;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.lambdakit.core.Environment;
import io.lambdakit.core.ExecutionEnvironment;
import software.amazon.awssdk.utilslite.SdkInternalThreadLocal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A managed-instances handler: one object serves every worker thread. Each invocation writes lines that name its
 * request id (a JSON line with {@code function_request_id}, an EMF blob with it, a text line containing it) and,
 * when asked, an X-Ray subsegment under its own trace root; it reports how many invocations were in flight.
 */
public class ConcurrentHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final AtomicInteger gathered = new AtomicInteger();
    private final Environment environment = ExecutionEnvironment.current().environment();

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        long remainingAtStart = context.getRemainingTimeInMillis();
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        String id = context.getAwsRequestId();
        try {
            String action = String.valueOf(event.getOrDefault("action", "work"));
            System.out.println("{\"level\":\"INFO\",\"message\":\"working\",\"n\":" + event.get("n") + ",\"function_request_id\":\"" + id + "\"}");
            System.out.println("text line of " + id);
            System.out.println("{\"_aws\":{\"Timestamp\":" + System.currentTimeMillis()
                    + ",\"CloudWatchMetrics\":[{\"Namespace\":\"Sample\",\"Dimensions\":[[\"Service\"]],\"Metrics\":[{\"Name\":\"Handled\",\"Unit\":\"Count\"}]}]},"
                    + "\"Service\":\"sample\",\"Handled\":1,\"function_request_id\":\"" + id + "\"}");
            Map<String, Object> out = new LinkedHashMap<>();
            switch (action) {
                case "gather" -> out.put("gathered", gather(((Number) event.get("expected")).intValue()));
                case "sleep" -> {
                    sleep(((Number) event.get("millis")).longValue());
                    System.out.println("late line of " + id);
                }
                case "fail" -> throw new IllegalStateException("failing " + id);
                case "exit" -> {
                    System.out.println("exiting now " + id);
                    System.out.flush();
                    Runtime.getRuntime().halt(3);
                }
                default -> sleep(((Number) event.getOrDefault("millis", 0)).longValue());
            }
            Object traceOfThread = SdkInternalThreadLocal.get("AWS_LAMBDA_X_TRACE_ID");
            if (Boolean.TRUE.equals(event.get("segment"))) {
                // the runtime client's per-thread trace id; in process, the context's
                sendSegment(traceOfThread != null ? String.valueOf(traceOfThread) : context.getXrayTraceId());
            }
            out.put("n", event.get("n"));
            out.put("requestId", id);
            out.put("traceOfThread", traceOfThread);
            out.put("contextTrace", context.getXrayTraceId());
            out.put("remainingAtStart", remainingAtStart);
            out.put("maxInFlight", maxInFlight.get());
            out.put("tenantId", context.getTenantId());
            out.put("pid", ProcessHandle.current().pid());
            out.put("maxConcurrency", environment.get(Environment.AWS_LAMBDA_MAX_CONCURRENCY).orElse(null));
            out.put("initType", environment.get(Environment.AWS_LAMBDA_INITIALIZATION_TYPE).orElse(null));
            return out;
        } finally {
            inFlight.decrementAndGet();
        }
    }

    /** Waits until {@code expected} invocations are in here at once (bounded), which proves they run concurrently. */
    private int gather(int expected) {
        gathered.incrementAndGet();
        long end = System.nanoTime() + 20_000_000_000L;
        while (gathered.get() < expected && System.nanoTime() < end) {
            sleep(5);
        }
        return gathered.get();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void sendSegment(String header) {
        String root = header.substring(header.indexOf("Root=") + 5, header.indexOf(';'));
        String doc = "{\"format\": \"json\", \"version\": 1}\n{\"name\":\"## handleRequest\",\"id\":\"0820b6ab3d1639e7\","
                + "\"start_time\":1.7e9,\"end_time\":1.7e9,\"type\":\"subsegment\",\"parent_id\":\"53995c3f42cd8ad8\","
                + "\"trace_id\":\"" + root + "\"}";
        String address = environment.xrayDaemonAddress();
        int colon = address.lastIndexOf(':');
        try (DatagramSocket socket = new DatagramSocket()) {
            byte[] bytes = doc.getBytes(StandardCharsets.UTF_8);
            socket.send(new DatagramPacket(bytes, bytes.length, InetAddress.getByName(address.substring(0, colon)),
                    Integer.parseInt(address.substring(colon + 1))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
