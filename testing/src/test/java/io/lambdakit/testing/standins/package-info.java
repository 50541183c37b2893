/**
 * Handlers and a template for the stand-ins' tests (LocalApiGateway, LocalSqsEventSource, DynamoDbLocal's
 * createTables), run under the real runtime client by {@code LocalFunction}.
 */
package io.lambdakit.testing.standins;
