package io.lambdakit.testing.idempotency;

import io.lambdakit.idempotency.InMemoryIdempotencyStore;
import io.lambdakit.idempotency.spi.IdempotencyStore;

/** The in-memory store passes the store contract. */
class InMemoryIdempotencyStoreContractTest extends IdempotencyStoreContract {

    @Override
    protected IdempotencyStore createStore() {
        return InMemoryIdempotencyStore.create();
    }
}
