/**
 * Extension points of lambdakit-batch: decoders that turn a raw record (an SQS message, a Kinesis
 * record) or a DynamoDB image into the type a record handler takes, for formats the built-in JSON
 * decoding does not cover (Avro, Protobuf, the DynamoDB enhanced client's table schemas).
 */
package io.lambdakit.batch.spi;
