package io.lambdakit.examples.orders;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * The orders table: CreateOrder puts new orders (PutItem), ProcessOrders marks them paid (UpdateItem).
 * These are the only calls, and so the only DynamoDB actions template.yaml grants on the table.
 */
public final class OrderStore {

    /** Status of a new order. */
    public static final String CREATED = "CREATED";
    /** Status of a paid order. */
    public static final String PAID = "PAID";

    private static final String PAY_CONDITION = "attribute_exists(orderId) AND totalCents = :amount"
            + " AND (#status = :created OR paymentId = :paymentId)";

    private final DynamoDbClient dynamoDb;
    private final String table;

    /**
     * @param dynamoDb the client
     * @param table    the orders table
     */
    public OrderStore(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    /**
     * Puts a new order; never overwrites one.
     *
     * @param order   what the client asked for
     * @param created the order's id, total and timestamps
     */
    public void put(OrderRequest order, OrderCreated created) {
        dynamoDb.putItem(newOrder(order, created));
    }

    PutItemRequest newOrder(OrderRequest order, OrderCreated created) {
        List<AttributeValue> items = order.items().stream().map(i -> AttributeValue.fromM(Map.of(
                "sku", AttributeValue.fromS(i.sku()),
                "quantity", AttributeValue.fromN(Integer.toString(i.quantity())),
                "unitPriceCents", AttributeValue.fromN(Long.toString(i.unitPriceCents()))))).toList();
        return PutItemRequest.builder()
                .tableName(table)
                .item(Map.of(
                        "orderId", AttributeValue.fromS(created.orderId()),
                        "customerId", AttributeValue.fromS(order.customerId()),
                        "currency", AttributeValue.fromS(order.currency()),
                        "items", AttributeValue.fromL(items),
                        "totalCents", AttributeValue.fromN(Long.toString(created.totalCents())),
                        "status", AttributeValue.fromS(CREATED),
                        "createdAt", AttributeValue.fromS(created.createdAt())))
                .conditionExpression("attribute_not_exists(orderId)")
                .build();
    }

    /**
     * Marks an order paid. Applying the same payment again succeeds and changes nothing.
     *
     * @param payment the confirmation
     * @param now     when
     * @return the recorded payment
     * @throws InvalidPaymentException when the order does not exist, the amount differs from its total or
     *                                 another payment already paid it
     */
    public PaymentRecorded markPaid(PaymentConfirmation payment, Instant now) {
        try {
            dynamoDb.updateItem(markPaidRequest(payment, now));
            return new PaymentRecorded(payment.orderId(), payment.paymentId(), now.toString());
        } catch (ConditionalCheckFailedException e) {
            Map<String, AttributeValue> order = e.hasItem() ? e.item() : Map.of();
            if (order.isEmpty()) {
                throw new InvalidPaymentException("order " + payment.orderId() + " does not exist; payment "
                        + payment.paymentId() + " cannot be applied");
            }
            String total = order.get("totalCents").n();
            if (!total.equals(Long.toString(payment.amountCents()))) {
                throw new InvalidPaymentException("payment " + payment.paymentId() + " of " + payment.amountCents()
                        + " cents does not match the total of order " + payment.orderId() + " (" + total + " cents)");
            }
            throw new InvalidPaymentException("order " + payment.orderId() + " was already paid by payment "
                    + order.getOrDefault("paymentId", AttributeValue.fromS("?")).s());
        }
    }

    UpdateItemRequest markPaidRequest(PaymentConfirmation payment, Instant now) {
        return UpdateItemRequest.builder()
                .tableName(table)
                .key(Map.of("orderId", AttributeValue.fromS(payment.orderId())))
                .updateExpression("SET #status = :paid, paymentId = :paymentId, paidAt = :now")
                .conditionExpression(PAY_CONDITION)
                .expressionAttributeNames(Map.of("#status", "status"))
                .expressionAttributeValues(Map.of(
                        ":paid", AttributeValue.fromS(PAID),
                        ":created", AttributeValue.fromS(CREATED),
                        ":paymentId", AttributeValue.fromS(payment.paymentId()),
                        ":amount", AttributeValue.fromN(Long.toString(payment.amountCents())),
                        ":now", AttributeValue.fromS(now.toString())))
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build();
    }
}
