package io.lambdakit.testing.sample;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.lambdakit.core.Environment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The handler the test kit's own tests run: it echoes what it saw (context, environment),
 * writes a JSON log line and an EMF blob, sends an X-Ray subsegment when asked, and misbehaves
 * on request (throw, sleep past the deadline, exit the JVM).
 */
public class SampleHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    private static final String INSTANCE = UUID.randomUUID().toString();
    private final AtomicInteger invocations = new AtomicInteger();
    private final Environment environment = Environment.system();

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        int count = invocations.incrementAndGet();
        String action = String.valueOf(event.getOrDefault("action", "echo"));
        System.out.println("{\"level\":\"INFO\",\"message\":\"handling " + action + "\",\"requestId\":\"" + context.getAwsRequestId() + "\"}");
        System.out.println("plain text line " + count);
        System.out.println("{\"_aws\":{\"Timestamp\":" + System.currentTimeMillis()
                + ",\"CloudWatchMetrics\":[{\"Namespace\":\"Sample\",\"Dimensions\":[[\"Service\"]],\"Metrics\":[{\"Name\":\"Handled\",\"Unit\":\"Count\"}]}]},"
                + "\"Service\":\"sample\",\"Handled\":1}");
        switch (action) {
            case "fail" -> throw new IllegalStateException("boom requested");
            case "sleep" -> sleep(((Number) event.getOrDefault("millis", 60_000)).longValue());
            case "exit" -> {
                System.out.println("exiting now");
                System.out.flush();
                Runtime.getRuntime().halt(3);
            }
            case "segment" -> sendSegment(context);
            case "big" -> {
                return Map.of("blob", "x".repeat(7 * 1024 * 1024));
            }
            default -> { }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("echo", event);
        out.put("count", count);
        out.put("instance", INSTANCE);
        out.put("requestId", context.getAwsRequestId());
        out.put("functionName", context.getFunctionName());
        out.put("functionVersion", context.getFunctionVersion());
        out.put("memoryLimitMb", context.getMemoryLimitInMB());
        out.put("remainingPositive", context.getRemainingTimeInMillis() > 0);
        out.put("arn", context.getInvokedFunctionArn());
        out.put("logGroup", context.getLogGroupName());
        out.put("region", environment.region().orElse(null));
        out.put("initType", environment.get(Environment.AWS_LAMBDA_INITIALIZATION_TYPE).orElse(null));
        out.put("custom", environment.get("SAMPLE_SETTING").orElse(null));
        out.put("tenantId", context.getTenantId());
        out.put("traceHeader", context.getXrayTraceId() != null ? context.getXrayTraceId()
                : System.getProperty("com.amazonaws.xray.traceHeader"));
        out.put("clientCustom", context.getClientContext() != null ? context.getClientContext().getCustom() : null);
        out.put("identityId", context.getIdentity() != null ? context.getIdentity().getIdentityId() : null);
        out.put("pid", ProcessHandle.current().pid());
        return out;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void sendSegment(Context context) {
        String header = context.getXrayTraceId() != null ? context.getXrayTraceId() : System.getProperty("com.amazonaws.xray.traceHeader");
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
