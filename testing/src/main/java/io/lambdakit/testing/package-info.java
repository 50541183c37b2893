/**
 * lambdakit's test kit: run a Lambda handler locally for real, without Docker or AWS. A
 * {@link io.lambdakit.testing.LocalFunction} runs the handler under the real AWS Lambda Runtime
 * Interface Client against a local Runtime API (or in-process for fast unit tests), enforces
 * deadlines, reports init errors, drives the SnapStart checkpoint/restore hooks, and captures
 * per invocation the function's log lines, EMF metric blobs and the X-Ray segments received by a
 * {@link io.lambdakit.testing.LocalXRayDaemon}. {@link io.lambdakit.testing.TestContext} is a real
 * {@code Context} for plain unit tests, {@link io.lambdakit.testing.Events} builds realistic
 * events, and {@link io.lambdakit.testing.LocalFunctionExtension} wires it all into JUnit 5. For a
 * local run of a whole service, {@link io.lambdakit.testing.SamTemplate} reads its template,
 * {@link io.lambdakit.testing.DynamoDbLocal} and
 * {@link io.lambdakit.testing.LocalSqsEventSource#createQueues} create its tables and queues, and
 * {@link io.lambdakit.testing.LocalApiGateway} and {@link io.lambdakit.testing.LocalSqsEventSource}
 * stand in for API Gateway and the SQS event source mapping in front of its functions.
 */
package io.lambdakit.testing;
