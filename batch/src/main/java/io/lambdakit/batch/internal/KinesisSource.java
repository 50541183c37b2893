package io.lambdakit.batch.internal;

import com.amazonaws.services.lambda.runtime.events.KinesisEvent.KinesisEventRecord;

/** Kinesis Data Streams: records are identified by {@code kinesis.sequenceNumber}. */
public final class KinesisSource implements RecordSource<KinesisEventRecord> {

    /** The one instance. */
    public static final KinesisSource INSTANCE = new KinesisSource();

    private KinesisSource() {
    }

    @Override
    public String name() {
        return "Kinesis";
    }

    @Override
    public String identifierName() {
        return "kinesis.sequenceNumber";
    }

    @Override
    public String identifier(KinesisEventRecord record) {
        return record.getKinesis() == null ? null : record.getKinesis().getSequenceNumber();
    }
}
