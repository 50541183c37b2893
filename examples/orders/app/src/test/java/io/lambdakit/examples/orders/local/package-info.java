/**
 * The orders service run locally, end to end, with no AWS account and no Docker: DynamoDB Local,
 * ElasticMQ as SQS, a stand-in for the Parameters and Secrets extension, and both functions under the
 * real Lambda runtime interface client against lambdakit-testing's local Runtime API (which also
 * receives the X-Ray segments). {@link io.lambdakit.examples.orders.local.LocalRun} is the README's
 * first command; {@link io.lambdakit.examples.orders.local.OrdersScenario} is the scenario it drives,
 * which the test suite also runs.
 */
package io.lambdakit.examples.orders.local;
