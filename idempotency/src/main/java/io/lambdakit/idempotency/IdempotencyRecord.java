package io.lambdakit.idempotency;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One idempotency record as a store keeps it, mirroring the Powertools DynamoDB schema: the key, the
 * status, the record's expiry (epoch seconds, the table's TTL attribute), the in-progress expiry
 * (epoch milliseconds, the deadline of the invocation that claimed it), the stored response and the
 * payload-validation hash, plus lambdakit's claim token (the fence: see {@link #claimToken()}).
 * Immutable; instants are truncated to the precision the schema stores (seconds for
 * {@link #expiration()}, milliseconds for {@link #inProgressExpiration()}), so a record read back
 * from a store equals the record written.
 */
public final class IdempotencyRecord {

    /** The stored status. {@code EXPIRED} is never stored: it is computed from {@link #expiration()}. */
    public enum Status {
        /** A body is running (or was running when its invocation died). */
        INPROGRESS,
        /** The body finished; {@link #responseData()} holds its result. */
        COMPLETED
    }

    private final String key;
    private final Status status;
    private final Instant expiration;
    private final Instant inProgressExpiration;
    private final String responseData;
    private final String validationHash;
    private final String claimToken;

    private IdempotencyRecord(String key, Status status, Instant expiration, Instant inProgressExpiration,
                              String responseData, String validationHash, String claimToken) {
        this.key = requireKey(key);
        this.status = Objects.requireNonNull(status, "status");
        this.expiration = Instant.ofEpochSecond(Objects.requireNonNull(expiration, "expiration").getEpochSecond());
        this.inProgressExpiration = inProgressExpiration == null ? null : Instant.ofEpochMilli(inProgressExpiration.toEpochMilli());
        this.responseData = responseData;
        this.validationHash = validationHash;
        if (claimToken != null && claimToken.isEmpty()) {
            throw new IllegalArgumentException("the claim token of idempotency record " + key + " must not be empty;"
                    + " pass null for a record without one");
        }
        this.claimToken = claimToken;
    }

    /**
     * @param key                  the full idempotency key
     * @param status               the status
     * @param expiration           when the record expires (kept to the second)
     * @param inProgressExpiration when an {@code INPROGRESS} record may be retaken (kept to the millisecond), or null
     * @param responseData         the stored response, or null
     * @param validationHash       the payload-validation hash, or null
     * @return the record
     */
    public static IdempotencyRecord of(String key, Status status, Instant expiration, Instant inProgressExpiration,
                                       String responseData, String validationHash) {
        return new IdempotencyRecord(key, status, expiration, inProgressExpiration, responseData, validationHash, null);
    }

    /**
     * @param key                  the full idempotency key
     * @param status               the status
     * @param expiration           when the record expires (kept to the second)
     * @param inProgressExpiration when an {@code INPROGRESS} record may be retaken (kept to the millisecond), or null
     * @param responseData         the stored response, or null
     * @param validationHash       the payload-validation hash, or null
     * @param claimToken           the token of the claim that wrote the record, or null (records Powertools wrote)
     * @return the record
     */
    public static IdempotencyRecord of(String key, Status status, Instant expiration, Instant inProgressExpiration,
                                       String responseData, String validationHash, String claimToken) {
        return new IdempotencyRecord(key, status, expiration, inProgressExpiration, responseData, validationHash, claimToken);
    }

    /**
     * @param key                  the full idempotency key
     * @param expiration           when the record expires
     * @param inProgressExpiration the deadline of the claiming invocation
     * @param validationHash       the payload-validation hash, or null
     * @return an {@code INPROGRESS} record
     */
    public static IdempotencyRecord inProgress(String key, Instant expiration, Instant inProgressExpiration, String validationHash) {
        return new IdempotencyRecord(key, Status.INPROGRESS, expiration, inProgressExpiration, null, validationHash, null);
    }

    /**
     * @param key            the full idempotency key
     * @param expiration     when the record expires
     * @param responseData   the serialised response; the engine stores {@code "null"} for a null or void result, as
     *                       Powertools does (a record without data, written by earlier snapshots, replays as null)
     * @param validationHash the payload-validation hash, or null
     * @return a {@code COMPLETED} record
     */
    public static IdempotencyRecord completed(String key, Instant expiration, String responseData, String validationHash) {
        return new IdempotencyRecord(key, Status.COMPLETED, expiration, null, responseData, validationHash, null);
    }

    /**
     * @param token the token of the claim this record belongs to (not empty)
     * @return a copy of this record carrying {@code token}
     */
    public IdempotencyRecord withClaimToken(String token) {
        Objects.requireNonNull(token, "token");
        return new IdempotencyRecord(key, status, expiration, inProgressExpiration, responseData, validationHash, token);
    }

    /** @return the full idempotency key, e.g. {@code orders.handleRequest#9f86d0...} */
    public String key() {
        return key;
    }

    /** @return the stored status */
    public Status status() {
        return status;
    }

    /** @return when the record expires, to the second */
    public Instant expiration() {
        return expiration;
    }

    /** @return when an {@code INPROGRESS} record may be retaken, to the millisecond; empty for records written without one */
    public Optional<Instant> inProgressExpiration() {
        return Optional.ofNullable(inProgressExpiration);
    }

    /** @return the stored response (JSON, or the raw string for a {@code String} result); empty when there is none */
    public Optional<String> responseData() {
        return Optional.ofNullable(responseData);
    }

    /** @return the payload-validation hash; empty when validation was off when the record was written */
    public Optional<String> validationHash() {
        return Optional.ofNullable(validationHash);
    }

    /**
     * The fence. The engine gives every claim a token unique to it (the invocation's request id plus
     * a random suffix) and writes it into the {@code INPROGRESS} record and the {@code COMPLETED}
     * record that replaces it; a store completes or deletes a record only while the stored record
     * still carries the same token, so a body that outlived its claim can neither delete nor
     * overwrite the record of the invocation that took the key over. Empty for records written
     * without one (Powertools writes none).
     *
     * @return the token of the claim that wrote this record
     */
    public Optional<String> claimToken() {
        return Optional.ofNullable(claimToken);
    }

    /**
     * @param now the current time
     * @return true when the record has expired: its expiry second is before {@code now}'s
     */
    public boolean isExpired(Instant now) {
        return expiration.getEpochSecond() < now.getEpochSecond();
    }

    /**
     * @param now the current time
     * @return true when the record is {@code INPROGRESS} and its in-progress expiry is before {@code now}
     *         (the invocation that claimed it has timed out)
     */
    public boolean isInProgressExpired(Instant now) {
        return status == Status.INPROGRESS && inProgressExpiration != null
                && inProgressExpiration.toEpochMilli() < now.toEpochMilli();
    }

    /**
     * The condition every store applies atomically when claiming a key over an existing record
     * (the Powertools condition expression).
     *
     * @param now the current time
     * @return true when a new claim may replace this record
     */
    public boolean isReplaceableAt(Instant now) {
        return isExpired(now) || isInProgressExpired(now);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IdempotencyRecord r && key.equals(r.key) && status == r.status && expiration.equals(r.expiration)
                && Objects.equals(inProgressExpiration, r.inProgressExpiration)
                && Objects.equals(responseData, r.responseData) && Objects.equals(validationHash, r.validationHash)
                && Objects.equals(claimToken, r.claimToken);
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, status, expiration, inProgressExpiration, responseData, validationHash, claimToken);
    }

    /** Leaves out the response: it may hold personal data. */
    @Override
    public String toString() {
        return "IdempotencyRecord[key=" + key + ", status=" + status + ", expiration=" + expiration
                + ", inProgressExpiration=" + inProgressExpiration
                + ", responseData=" + (responseData == null ? "none" : responseData.length() + " chars")
                + ", validationHash=" + validationHash + ", claimToken=" + claimToken + "]";
    }

    private static String requireKey(String key) {
        Objects.requireNonNull(key, "key");
        if (key.isBlank()) {
            throw new IllegalArgumentException("an idempotency record key must not be blank");
        }
        return key;
    }

    /**
     * The check both shipped stores make before a completion or deletion.
     *
     * @param token the claim token the write is conditional on
     * @param key   the idempotency key, for the message
     * @return the token
     * @throws IllegalArgumentException when the token is missing
     */
    static String requireClaimToken(String token, String key) {
        if (token == null || token.isEmpty()) {
            throw new IllegalArgumentException("a completion or deletion of idempotency key " + key + " needs the claim's"
                    + " token (IdempotencyRecord.claimToken()); pass the token the claim was written with");
        }
        return token;
    }
}
