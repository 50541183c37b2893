package io.lambdakit.idempotency;

import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The url-connection HTTP client, except that the first attempt of a claim write ({@code PutItem}
 * on the claim condition) that DynamoDB applied loses its response: the client reads and discards
 * it and reports a connection reset, so the real SDK retries the write against the real DynamoDB
 * Local, whose condition then fails on the record the first attempt wrote. That fault (the write
 * landed, the response did not) cannot be produced on demand otherwise.
 */
final class LostClaimResponses implements SdkHttpClient {

    private final SdkHttpClient delegate = UrlConnectionHttpClient.create();
    private final int maxDrops;
    /** Claim responses dropped so far. */
    final AtomicInteger dropped;
    /** Claim writes sent, retries included. */
    final AtomicInteger claimAttempts = new AtomicInteger();

    /**
     * @param maxDrops how many responses to drop at most
     * @param dropped  the counter of dropped responses (may be shared by several clients)
     */
    LostClaimResponses(int maxDrops, AtomicInteger dropped) {
        this.maxDrops = maxDrops;
        this.dropped = dropped;
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        ExecutableHttpRequest call = delegate.prepareRequest(request);
        boolean claim = isClaim(request);
        boolean firstAttempt = request.httpRequest().firstMatchingHeader("amz-sdk-request")
                .map(v -> v.startsWith("attempt=1;")).orElse(true);
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() throws IOException {
                if (claim) {
                    claimAttempts.incrementAndGet();
                }
                HttpExecuteResponse response = call.call();
                if (claim && firstAttempt && response.httpResponse().statusCode() == 200 && takeDrop()) {
                    Optional<? extends InputStream> body = response.responseBody();
                    if (body.isPresent()) {
                        body.get().readAllBytes();
                        body.get().close();
                    }
                    throw new IOException("injected: connection reset before the claim's response was read");
                }
                return response;
            }

            @Override
            public void abort() {
                call.abort();
            }
        };
    }

    private boolean takeDrop() {
        while (true) {
            int n = dropped.get();
            if (n >= maxDrops) {
                return false;
            }
            if (dropped.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    private static boolean isClaim(HttpExecuteRequest request) {
        if (!request.httpRequest().firstMatchingHeader("X-Amz-Target").map(t -> t.endsWith(".PutItem")).orElse(false)) {
            return false;
        }
        Optional<ContentStreamProvider> content = request.contentStreamProvider();
        if (content.isEmpty()) {
            return false;
        }
        try (InputStream in = content.get().newStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).contains("attribute_not_exists(#id) OR #expiry");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        delegate.close();
    }
}
