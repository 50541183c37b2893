/**
 * The orders service's stack in the AWS CDK: the same resources, IAM statements, environment and
 * settings as {@code examples/orders/template.yaml}, for teams that deploy with CDK instead of SAM.
 * {@link io.lambdakit.examples.orders.cdk.OrdersCdkApp} is the CDK app's entry point and
 * {@link io.lambdakit.examples.orders.cdk.OrdersStack} the stack.
 */
package io.lambdakit.examples.orders.cdk;
