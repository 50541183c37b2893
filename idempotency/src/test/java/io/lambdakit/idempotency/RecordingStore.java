package io.lambdakit.idempotency;

import io.lambdakit.idempotency.spi.ClaimResult;
import io.lambdakit.idempotency.spi.IdempotencyStore;
import io.lambdakit.idempotency.spi.WriteResult;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * Wraps a real store, records every call and can fail chosen operations: faults an in-memory store
 * cannot produce on its own (the DynamoDB ITs produce them with the real client instead).
 */
final class RecordingStore implements IdempotencyStore {

    final IdempotencyStore delegate;
    final List<String> calls = new CopyOnWriteArrayList<>();
    volatile Supplier<RuntimeException> failClaim;
    volatile Supplier<RuntimeException> failComplete;
    volatile Supplier<RuntimeException> failDelete;
    volatile Supplier<RuntimeException> failGet;
    final CountDownLatch firstGet = new CountDownLatch(1);

    RecordingStore(IdempotencyStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public ClaimResult claim(IdempotencyRecord record, Instant now) {
        calls.add("claim");
        fail(failClaim);
        return delegate.claim(record, now);
    }

    @Override
    public WriteResult complete(IdempotencyRecord record) {
        calls.add("complete");
        fail(failComplete);
        return delegate.complete(record);
    }

    @Override
    public WriteResult delete(String key, String claimToken) {
        calls.add("delete");
        fail(failDelete);
        return delegate.delete(key, claimToken);
    }

    @Override
    public Optional<IdempotencyRecord> get(String key) {
        calls.add("get");
        firstGet.countDown();
        fail(failGet);
        return delegate.get(key);
    }

    private static void fail(Supplier<RuntimeException> failure) {
        if (failure != null) {
            throw failure.get();
        }
    }
}
