package io.lambdakit.testing.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Lambda Runtime API (version 2018-06-01) on a loopback port, as the real runtime client
 * expects it: {@code invocation/next} long-polls a queue, responses and errors complete the
 * pending invocation, {@code init/error} and the SnapStart endpoints {@code restore/next} and
 * {@code restore/error} complete futures the driver waits on. One server serves one execution
 * environment; a recycled environment gets a new server, so a late request from a killed
 * runtime can never complete a newer invocation.
 */
final class RuntimeApiServer implements AutoCloseable {

    static final String PREFIX = "/2018-06-01/runtime/";
    private static final int POLL_MILLIS = 100;
    private static final int MAX_RESPONSE_BYTES = 6 * 1024 * 1024;
    /**
     * Connections the OS queues before the server accepts them: a managed-instances runtime opens one per worker
     * thread at once (each long-polls {@code invocation/next} on its own); the cached executor then serves every
     * accepted one, so N concurrent long polls never wait behind each other.
     */
    private static final int BACKLOG = 256;

    private final HttpServer server;
    private final ExecutorService executor;
    private final BlockingQueue<PendingInvocation> queue = new LinkedBlockingQueue<>();
    private final Map<String, PendingInvocation> inFlight = new ConcurrentHashMap<>();
    private final CompletableFuture<Void> firstNext = new CompletableFuture<>();
    private final CompletableFuture<RuntimeReply> initError = new CompletableFuture<>();
    private final CompletableFuture<Void> restoreRequested = new CompletableFuture<>();
    private final CompletableFuture<Void> restoreReleased = new CompletableFuture<>();
    private final CompletableFuture<RuntimeReply> restoreError = new CompletableFuture<>();
    private final AtomicInteger nextCalls = new AtomicInteger();
    private final AtomicInteger deliveries = new AtomicInteger();
    /** The invocation each runtime worker's connection (by its client port) last received. */
    private final Map<Integer, PendingInvocation> lastOnConnection = new ConcurrentHashMap<>();
    private volatile long lastNextNanos = System.nanoTime();
    private final java.util.List<String> refused = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile boolean closed;

    private RuntimeApiServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Starts a server on 127.0.0.1 and a free port.
     *
     * @param name used in thread names
     * @return the running server
     * @throws IOException when no port can be bound
     */
    public static RuntimeApiServer start(String name) throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), BACKLOG);
        AtomicInteger threads = new AtomicInteger();
        ExecutorService executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "lambdakit-runtime-api-" + name + "-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        RuntimeApiServer api = new RuntimeApiServer(http, executor);
        http.setExecutor(executor);
        http.createContext(PREFIX, api::handle);
        http.start();
        return api;
    }

    /** @return {@code 127.0.0.1:port}, the value of {@code AWS_LAMBDA_RUNTIME_API} */
    public String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /**
     * Queues an invocation for the runtime's next {@code invocation/next}.
     *
     * @param invocation the invocation
     */
    public void submit(PendingInvocation invocation) {
        inFlight.put(invocation.requestId(), invocation);
        queue.add(invocation);
    }

    /**
     * Forgets an invocation (it timed out or its runtime died) so a late reply is rejected.
     *
     * @param invocation the invocation
     */
    public void abandon(PendingInvocation invocation) {
        queue.remove(invocation);
        inFlight.remove(invocation.requestId());
    }

    /** @return completes when the runtime first asks for an invocation: init is done */
    public CompletableFuture<Void> firstNext() {
        return firstNext;
    }

    /** @return completes with the init error the runtime reported */
    public CompletableFuture<RuntimeReply> initError() {
        return initError;
    }

    /** @return completes when the runtime asks for {@code restore/next}: before-checkpoint hooks are done */
    public CompletableFuture<Void> restoreRequested() {
        return restoreRequested;
    }

    /** Answers the pending {@code restore/next}: the snapshot is "restored". */
    public void releaseRestore() {
        restoreReleased.complete(null);
    }

    /** @return completes with the restore error the runtime reported */
    public CompletableFuture<RuntimeReply> restoreError() {
        return restoreError;
    }

    /** @return nanoseconds ({@link System#nanoTime()}) of the latest {@code invocation/next}: a worker was free then */
    public long lastNextNanos() {
        return lastNextNanos;
    }

    /** @return true while the invocation waits in the queue (not yet handed to a worker) */
    public boolean queued(PendingInvocation invocation) {
        return queue.contains(invocation);
    }

    /** @return the request ids of replies refused because no such invocation was in flight (e.g. it timed out) */
    public java.util.List<String> refusedReplies() {
        return java.util.List.copyOf(refused);
    }

    /** @return how many times the runtime asked for {@code invocation/next} */
    public int nextCalls() {
        return nextCalls.get();
    }

    /**
     * Waits until the runtime has asked for an invocation more than {@code count} times: the
     * runtime finished its previous invocation (including what it logs after posting the reply).
     *
     * @param count   the number of {@code next} calls seen before
     * @param timeout the longest wait
     * @return true when it happened in time
     */
    public boolean awaitNextCalls(int count, java.time.Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        synchronized (nextCalls) {
            while (nextCalls.get() <= count) {
                long left = end - System.nanoTime();
                if (left <= 0 || closed) {
                    return false;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(nextCalls, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath().substring(PREFIX.length());
            String method = exchange.getRequestMethod();
            if (method.equals("GET") && path.equals("invocation/next")) {
                next(exchange);
            } else if (method.equals("POST") && path.startsWith("invocation/") && path.endsWith("/response")) {
                reply(exchange, path.substring("invocation/".length(), path.length() - "/response".length()), true);
            } else if (method.equals("POST") && path.startsWith("invocation/") && path.endsWith("/error")) {
                reply(exchange, path.substring("invocation/".length(), path.length() - "/error".length()), false);
            } else if (method.equals("POST") && path.equals("init/error")) {
                initError.complete(new RuntimeReply(false, readBody(exchange), errorTypeHeader(exchange)));
                send(exchange, 202, "{\"status\":\"OK\"}");
            } else if (method.equals("GET") && path.equals("restore/next")) {
                restoreNext(exchange);
            } else if (method.equals("POST") && path.equals("restore/error")) {
                restoreError.complete(new RuntimeReply(false, readBody(exchange), errorTypeHeader(exchange)));
                send(exchange, 202, "{\"status\":\"OK\"}");
            } else {
                send(exchange, 404, error("InvalidRequest", "Unknown Runtime API path " + method + " " + path));
            }
        }
    }

    private void next(HttpExchange exchange) throws IOException {
        synchronized (nextCalls) {
            nextCalls.incrementAndGet();
            nextCalls.notifyAll();
        }
        lastNextNanos = System.nanoTime();
        firstNext.complete(null);
        int port = exchange.getRemoteAddress().getPort();
        PendingInvocation previous = lastOnConnection.remove(port);
        if (previous != null) {
            previous.workerReturned().complete(null); // that worker finished its invocation, logging included
        }
        PendingInvocation invocation = null;
        try {
            while (!closed && invocation == null) {
                invocation = queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (invocation == null) {
            send(exchange, 500, error("ServiceException", "the local Runtime API is shutting down"));
            return;
        }
        invocation.markDelivered(deliveries.incrementAndGet(), System.currentTimeMillis());
        lastOnConnection.put(port, invocation);
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Type", "application/json");
        headers.set("Lambda-Runtime-Aws-Request-Id", invocation.requestId());
        headers.set("Lambda-Runtime-Deadline-Ms", Long.toString(invocation.deadlineEpochMillis()));
        headers.set("Lambda-Runtime-Invoked-Function-Arn", invocation.functionArn());
        if (invocation.traceHeader() != null) {
            headers.set("Lambda-Runtime-Trace-Id", invocation.traceHeader());
        }
        if (invocation.clientContextJson() != null) {
            headers.set("Lambda-Runtime-Client-Context", invocation.clientContextJson());
        }
        if (invocation.cognitoIdentityJson() != null) {
            headers.set("Lambda-Runtime-Cognito-Identity", invocation.cognitoIdentityJson());
        }
        if (invocation.tenantId() != null) {
            headers.set("Lambda-Runtime-Aws-Tenant-Id", invocation.tenantId());
        }
        byte[] payload = invocation.payload();
        exchange.sendResponseHeaders(200, payload.length == 0 ? -1 : payload.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(payload);
        }
        invocation.delivered().complete(null);
    }

    private void reply(HttpExchange exchange, String requestId, boolean success) throws IOException {
        byte[] body = readBody(exchange);
        PendingInvocation invocation = inFlight.remove(requestId);
        if (invocation == null) {
            refused.add(requestId);
            send(exchange, 400, error("InvalidRequestID", "no invocation in flight with request id " + requestId));
            return;
        }
        if (success && body.length > MAX_RESPONSE_BYTES) {
            String message = "Response payload size (" + body.length + " bytes) exceeded maximum allowed payload size ("
                    + MAX_RESPONSE_BYTES + " bytes).";
            invocation.outcome().complete(new RuntimeReply(false,
                    error("Function.ResponseSizeTooLarge", message).getBytes(StandardCharsets.UTF_8),
                    "Function.ResponseSizeTooLarge"));
            send(exchange, 413, error("RequestEntityTooLarge", message));
            return;
        }
        invocation.outcome().complete(new RuntimeReply(success, body, success ? null : errorTypeHeader(exchange)));
        send(exchange, 202, "{\"status\":\"OK\"}");
    }

    private void restoreNext(HttpExchange exchange) throws IOException {
        restoreRequested.complete(null);
        try {
            while (!closed && !restoreReleased.isDone()) {
                try {
                    restoreReleased.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.TimeoutException ignored) {
                    // poll again so that close() is noticed
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            // never completed exceptionally
        }
        if (!restoreReleased.isDone()) {
            send(exchange, 500, error("ServiceException", "the local Runtime API is shutting down"));
            return;
        }
        exchange.sendResponseHeaders(200, -1);
    }

    private static String errorTypeHeader(HttpExchange exchange) {
        return exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type");
    }

    private static byte[] readBody(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            return in.readAllBytes();
        }
    }

    private static void send(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String error(String type, String message) {
        return "{\"errorMessage\":\"" + JsonStrings.escape(message) + "\",\"errorType\":\"" + JsonStrings.escape(type) + "\"}";
    }

    @Override
    public void close() {
        closed = true;
        server.stop(0);
        executor.shutdownNow();
    }
}
