package io.lambdakit.idempotency;

/**
 * The idempotency table cannot serve the store: it does not exist (where the store's client looks
 * for it), or its key schema is not the one the store writes. Thrown before the body runs, by the
 * first call that finds it (or, when the table check found it at init, by every call); the message
 * names the table, the region, the expected key schema and how to create the table. Never retried
 * into success: fix the table or the store's configuration.
 */
public final class IdempotencyTableException extends IdempotencyException {

    private static final long serialVersionUID = 1L;

    /** What is wrong with the table. */
    public enum Problem {
        /** No table of that name where the store's client looks (name, region, account or endpoint). */
        NOT_FOUND,
        /** The table's key schema (names, types, partition/sort layout) is not the one the store writes. */
        KEY_SCHEMA
    }

    private final String tableName;
    private final Problem problem;

    /**
     * @param tableName the table
     * @param problem   what is wrong with it
     * @param message   the table, what was expected and found, and how to fix it
     * @param cause     DynamoDB's error, or null when the table check found it
     */
    public IdempotencyTableException(String tableName, Problem problem, String message, Throwable cause) {
        super(message, cause);
        this.tableName = tableName;
        this.problem = problem;
    }

    /** @return the table */
    public String tableName() {
        return tableName;
    }

    /** @return what is wrong with it */
    public Problem problem() {
        return problem;
    }
}
