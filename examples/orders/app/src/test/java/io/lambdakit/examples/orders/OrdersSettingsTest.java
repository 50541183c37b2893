package io.lambdakit.examples.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URI;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.lambdakit.core.ConfigurationException;
import io.lambdakit.core.Environment;

class OrdersSettingsTest {

    @Test
    void forCreateOrder_allVariablesSet_readsThem() {
        OrdersSettings settings = OrdersSettings.forCreateOrder(Environment.of(Map.of(
                "ORDERS_TABLE_NAME", "orders", "IDEMPOTENCY_TABLE_NAME", "idempotency",
                "PAYMENT_API_KEY_SECRET_ID", "arn:aws:secretsmanager:us-east-1:1:secret:k",
                "PAYMENT_CHECKOUT_BASE_URL", "https://pay.example.com/checkout")));

        assertThat(settings.ordersTable()).isEqualTo("orders");
        assertThat(settings.idempotencyTable()).isEqualTo("idempotency");
        assertThat(settings.paymentApiKeySecret()).contains("arn:aws:secretsmanager:us-east-1:1:secret:k");
        assertThat(settings.checkoutBaseUrl()).contains(URI.create("https://pay.example.com/checkout"));
    }

    @Test
    void forCreateOrder_nothingSet_reportsEveryMissingVariableInOneMessage() {
        ConfigurationException e = catchThrowableOfType(ConfigurationException.class,
                () -> OrdersSettings.forCreateOrder(Environment.empty()));

        assertThat(e.problems()).hasSize(4);
        assertThat(String.join("\n", e.problems())).contains("ORDERS_TABLE_NAME is not set", "IDEMPOTENCY_TABLE_NAME is not set",
                "PAYMENT_API_KEY_SECRET_ID is not set", "PAYMENT_CHECKOUT_BASE_URL is not set");
    }

    @Test
    void forCreateOrder_invalidValues_sayWhatAValidOneLooksLike() {
        ConfigurationException e = catchThrowableOfType(ConfigurationException.class,
                () -> OrdersSettings.forCreateOrder(Environment.of(Map.of(
                        "ORDERS_TABLE_NAME", "a b", "IDEMPOTENCY_TABLE_NAME", "idempotency",
                        "PAYMENT_API_KEY_SECRET_ID", "k", "PAYMENT_CHECKOUT_BASE_URL", "ftp://pay.example.com/x?y=1"))));

        assertThat(e.problems()).containsExactlyInAnyOrder(
                "ORDERS_TABLE_NAME was 'a b' but a DynamoDB table name is 3 to 255 characters of a-z, A-Z, 0-9, '_', '-' and '.'",
                "PAYMENT_CHECKOUT_BASE_URL was 'ftp://pay.example.com/x?y=1' but it must be an http(s) URL without a query,"
                        + " e.g. https://pay.example.com/checkout");
    }

    @Test
    void forProcessOrders_needsOnlyTheTables() {
        OrdersSettings settings = OrdersSettings.forProcessOrders(Environment.of(Map.of(
                "ORDERS_TABLE_NAME", "orders", "IDEMPOTENCY_TABLE_NAME", "idempotency")));

        assertThat(settings.paymentApiKeySecret()).isEmpty();
        assertThat(settings.checkoutBaseUrl()).isEmpty();
    }
}
