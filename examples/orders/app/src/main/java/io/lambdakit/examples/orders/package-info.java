/**
 * The lambdakit sample orders service: {@link io.lambdakit.examples.orders.CreateOrder} (API Gateway,
 * {@code POST /orders}) stores an order exactly once per {@code Idempotency-Key} and returns a payment
 * link signed with the payment provider's API key; {@link io.lambdakit.examples.orders.ProcessOrders}
 * consumes payment confirmations from SQS, marks orders as paid and reports failed messages one by one.
 * CreateOrder uses lambdakit's annotations, ProcessOrders its plain API, so both doors are shown.
 */
package io.lambdakit.examples.orders;
