package io.lambdakit.examples.orders;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.lambdakit.core.ConfigurationException;
import io.lambdakit.core.Environment;

/**
 * The app's own settings, read once at init from the environment that template.yaml (and the CDK
 * stack) set. Every variable the app reads is named here; a missing or invalid one fails init with
 * a message that says which and how to fix it. lambdakit's modules read their own variables
 * ({@code POWERTOOLS_SERVICE_NAME}, {@code POWERTOOLS_METRICS_NAMESPACE}, ...).
 *
 * @param ordersTable          the orders table ({@code ORDERS_TABLE_NAME})
 * @param idempotencyTable     the idempotency table ({@code IDEMPOTENCY_TABLE_NAME})
 * @param paymentApiKeySecret  the payment provider's API key secret, CreateOrder only ({@code PAYMENT_API_KEY_SECRET_ID})
 * @param checkoutBaseUrl      the payment provider's checkout page, CreateOrder only ({@code PAYMENT_CHECKOUT_BASE_URL})
 */
public record OrdersSettings(String ordersTable, String idempotencyTable, Optional<String> paymentApiKeySecret,
                             Optional<URI> checkoutBaseUrl) {

    /** The orders table's name. */
    public static final String ORDERS_TABLE_NAME = "ORDERS_TABLE_NAME";
    /** The idempotency table's name. */
    public static final String IDEMPOTENCY_TABLE_NAME = "IDEMPOTENCY_TABLE_NAME";
    /** Name or ARN of the secret holding the payment provider's API key. */
    public static final String PAYMENT_API_KEY_SECRET_ID = "PAYMENT_API_KEY_SECRET_ID";
    /** The payment provider's hosted checkout page, an https URL. */
    public static final String PAYMENT_CHECKOUT_BASE_URL = "PAYMENT_CHECKOUT_BASE_URL";

    /** What CreateOrder reads. */
    public static final List<String> CREATE_ORDER_VARIABLES =
            List.of(ORDERS_TABLE_NAME, IDEMPOTENCY_TABLE_NAME, PAYMENT_API_KEY_SECRET_ID, PAYMENT_CHECKOUT_BASE_URL);
    /** What ProcessOrders reads. */
    public static final List<String> PROCESS_ORDERS_VARIABLES = List.of(ORDERS_TABLE_NAME, IDEMPOTENCY_TABLE_NAME);

    /**
     * @param env the function's environment
     * @return CreateOrder's settings
     * @throws ConfigurationException listing every missing or invalid variable
     */
    public static OrdersSettings forCreateOrder(Environment env) {
        ConfigurationException.Problems problems = ConfigurationException.problems("orders");
        String orders = table(env, ORDERS_TABLE_NAME, "OrdersTable", problems);
        String idempotency = table(env, IDEMPOTENCY_TABLE_NAME, "IdempotencyTable", problems);
        Optional<String> secret = env.get(PAYMENT_API_KEY_SECRET_ID);
        problems.require(secret.isPresent(), PAYMENT_API_KEY_SECRET_ID + " is not set; set it to the name or ARN of the"
                + " secret holding the payment provider's API key (template.yaml sets it from PaymentApiKeySecret)");
        Optional<URI> checkout = env.get(PAYMENT_CHECKOUT_BASE_URL).flatMap(url -> checkoutUrl(url, problems));
        problems.require(env.get(PAYMENT_CHECKOUT_BASE_URL).isPresent(), PAYMENT_CHECKOUT_BASE_URL + " is not set; set it"
                + " to the payment provider's checkout page, e.g. https://pay.example.com/checkout");
        problems.throwIfAny();
        return new OrdersSettings(orders, idempotency, secret, checkout);
    }

    /**
     * @param env the function's environment
     * @return ProcessOrders' settings
     * @throws ConfigurationException listing every missing or invalid variable
     */
    public static OrdersSettings forProcessOrders(Environment env) {
        ConfigurationException.Problems problems = ConfigurationException.problems("orders");
        String orders = table(env, ORDERS_TABLE_NAME, "OrdersTable", problems);
        String idempotency = table(env, IDEMPOTENCY_TABLE_NAME, "IdempotencyTable", problems);
        problems.throwIfAny();
        return new OrdersSettings(orders, idempotency, Optional.empty(), Optional.empty());
    }

    private static String table(Environment env, String variable, String resource, ConfigurationException.Problems problems) {
        Optional<String> name = env.get(variable);
        problems.require(name.isPresent(), variable + " is not set; set it to the table's name (template.yaml sets it"
                + " from " + resource + ")");
        problems.require(name.isEmpty() || name.get().matches("[a-zA-Z0-9_.-]{3,255}"), variable + " was '"
                + name.orElse("") + "' but a DynamoDB table name is 3 to 255 characters of a-z, A-Z, 0-9, '_', '-' and '.'");
        return name.orElse(null);
    }

    private static Optional<URI> checkoutUrl(String url, ConfigurationException.Problems problems) {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            boolean ok = (scheme.equals("https") || scheme.equals("http")) && uri.getHost() != null && uri.getQuery() == null;
            problems.require(ok, PAYMENT_CHECKOUT_BASE_URL + " was '" + url + "' but it must be an http(s) URL without"
                    + " a query, e.g. https://pay.example.com/checkout");
            return ok ? Optional.of(uri) : Optional.empty();
        } catch (URISyntaxException e) {
            problems.add(PAYMENT_CHECKOUT_BASE_URL + " was '" + url + "' but it is not a URL (" + e.getReason() + ")");
            return Optional.empty();
        }
    }
}
