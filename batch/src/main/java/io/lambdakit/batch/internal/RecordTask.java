package io.lambdakit.batch.internal;

import com.amazonaws.services.lambda.runtime.Context;

/**
 * The whole work for one record as the engine runs it: decode (throwing
 * {@code RecordDeserializationException} when that fails), call the user's handler, then the
 * success callback.
 *
 * @param <M> the raw record type
 */
@FunctionalInterface
interface RecordTask<M> {

    /**
     * @param record  the raw record
     * @param context the Lambda context
     * @throws Exception to fail this record
     */
    void run(M record, Context context) throws Exception;
}
