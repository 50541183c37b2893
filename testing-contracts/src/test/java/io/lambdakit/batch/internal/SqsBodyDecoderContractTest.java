package io.lambdakit.batch.internal;

import io.lambdakit.testing.batch.RecordDecoderContract;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lambdakit.batch.spi.RecordDecoder;

/** lambdakit-batch's own JSON decoder of SQS message bodies honours the record decoder contract. */
class SqsBodyDecoderContractTest extends RecordDecoderContract<SQSMessage, Order> {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Override
    protected RecordDecoder<SQSMessage, Order> decoder() {
        return BodyCodec.sqsBody(MAPPER, MAPPER.constructType(Order.class));
    }

    @Override
    protected SQSMessage record(int i) {
        return message("{\"id\":\"o-" + i + "\",\"quantity\":" + i + "}");
    }

    @Override
    protected Order expected(int i) {
        return new Order("o-" + i, i);
    }

    @Override
    protected SQSMessage undecodableRecord() {
        return message("{\"id\":\"o-1\",\"quantity\":\"many\"}");
    }

    private static SQSMessage message(String body) {
        SQSMessage m = new SQSMessage();
        m.setMessageId("m-" + body.hashCode());
        m.setBody(body);
        return m;
    }
}
