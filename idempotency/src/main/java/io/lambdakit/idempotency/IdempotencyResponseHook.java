package io.lambdakit.idempotency;

/**
 * Adjusts a response replayed from a stored record, e.g. to add a header saying it is a replay.
 * Called only for replayed responses, never for the result of a body that just ran.
 */
@FunctionalInterface
public interface IdempotencyResponseHook {
    /**
     * @param response the stored response, deserialised to the method's return type (may be null)
     * @param record   the record it came from
     * @return the response to return to the caller
     */
    Object apply(Object response, IdempotencyRecord record);
}
