package io.lambdakit.batch;

/**
 * A record's body (SQS), data (Kinesis) or image (DynamoDB Streams) could not be decoded into the
 * type the record handler takes. Only that record fails (reason
 * {@link RecordFailure.Reason#UNDECODABLE}); the message names the record and the target type,
 * never the record's content.
 */
public final class RecordDeserializationException extends BatchException {

    private static final long serialVersionUID = 1L;

    private final String itemIdentifier;
    private final String targetType;

    /**
     * @param itemIdentifier the record's identifier (message id or sequence number)
     * @param targetType     the type it was decoded into
     * @param problem        what was wrong, without the record's content
     * @param cause          the decoder's error, or null
     */
    public RecordDeserializationException(String itemIdentifier, String targetType, String problem, Throwable cause) {
        super("record " + itemIdentifier + " could not be decoded as " + targetType + ": " + problem, cause);
        this.itemIdentifier = itemIdentifier;
        this.targetType = targetType;
    }

    /** @return the record's identifier */
    public String itemIdentifier() {
        return itemIdentifier;
    }

    /** @return the name of the type the record was decoded into */
    public String targetType() {
        return targetType;
    }
}
