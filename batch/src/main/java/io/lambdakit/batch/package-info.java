/**
 * Partial batch failures for Lambda functions fed by SQS (standard and FIFO), Kinesis Data Streams
 * and DynamoDB Streams: build a {@link io.lambdakit.batch.BatchProcessor} once per function with
 * {@link io.lambdakit.batch.BatchProcessor#sqs()}, {@link io.lambdakit.batch.BatchProcessor#kinesis()}
 * or {@link io.lambdakit.batch.BatchProcessor#dynamoDbStreams()}, give it a
 * {@link io.lambdakit.batch.RecordHandler} for one record (raw, or a typed body or image), and
 * return what {@code process(event, context)} returns, so that only the records that failed are
 * retried. Records are processed one by one or in parallel, with FIFO ordering kept, undecodable
 * records failed alone, and records that were not started when the deadline came near reported
 * as failures instead of letting the whole batch time out. This module has no annotation and no
 * aspect: the plain API is the whole API.
 */
package io.lambdakit.batch;
