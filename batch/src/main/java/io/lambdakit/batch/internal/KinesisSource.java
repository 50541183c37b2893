package io.lambdakit.batch.internal;

import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent.KinesisEventRecord;

import java.util.List;

/** Kinesis Data Streams: records are identified by {@code kinesis.sequenceNumber}. */
final class KinesisSource extends StreamSource<KinesisEvent, KinesisEventRecord> {

    /** The one instance. */
    static final KinesisSource INSTANCE = new KinesisSource();

    private KinesisSource() {
        super("Kinesis", "kinesis.sequenceNumber", "KinesisEvent");
    }

    @Override
    String identifier(KinesisEventRecord record) {
        return record.getKinesis() == null ? null : record.getKinesis().getSequenceNumber();
    }

    @Override
    List<KinesisEventRecord> records(KinesisEvent event) {
        return event.getRecords();
    }
}
