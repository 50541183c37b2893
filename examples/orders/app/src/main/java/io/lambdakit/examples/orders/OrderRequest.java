package io.lambdakit.examples.orders;

import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;

import io.lambdakit.core.Json;

/**
 * A validated order as a client posts it:
 * {@code {"customerId":"c-42","currency":"EUR","items":[{"sku":"book-1","quantity":2,"unitPriceCents":1250}]}}.
 *
 * @param customerId the customer, 1 to 64 characters
 * @param currency   an ISO 4217 code, e.g. EUR
 * @param items      1 to 50 lines
 */
public record OrderRequest(String customerId, String currency, List<LineItem> items) {

    /** Most lines an order may have. */
    public static final int MAX_ITEMS = 50;
    /** Largest order total, in cents (ten million units of the currency). */
    public static final long MAX_TOTAL_CENTS = 1_000_000_000L;

    private static final Set<String> CURRENCIES =
            Currency.getAvailableCurrencies().stream().map(Currency::getCurrencyCode).collect(Collectors.toUnmodifiableSet());

    /**
     * One line of an order.
     *
     * @param sku            the product, 1 to 64 characters
     * @param quantity       1 to 1000
     * @param unitPriceCents 0 to 10,000,000
     */
    public record LineItem(String sku, int quantity, long unitPriceCents) {
    }

    public OrderRequest {
        items = List.copyOf(items);
    }

    /** @return the sum of quantity times unit price over the lines, in cents */
    public long totalCents() {
        return items.stream().mapToLong(i -> i.quantity() * i.unitPriceCents()).sum();
    }

    /**
     * @param body the request body
     * @return the order
     * @throws InvalidOrderException naming every problem, when the body is not JSON or not a valid order
     */
    public static OrderRequest parse(String body) {
        if (body == null || body.isBlank()) {
            throw new InvalidOrderException("malformed_body", "the request has no body; send the order as JSON", List.of());
        }
        JsonNode json;
        try {
            json = Json.mapper().reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(body);
        } catch (JsonProcessingException e) {
            String problem = e.getOriginalMessage();
            int detail = problem.indexOf(" (start marker at");
            problem = (detail > 0 ? problem.substring(0, detail) : problem).replaceAll("\\s+", " ");
            throw new InvalidOrderException("malformed_body", "the body is not valid JSON (" + problem + " at line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")", List.of());
        }
        if (json == null || !json.isObject()) {
            throw new InvalidOrderException("malformed_body", "the body must be a JSON object with customerId, currency"
                    + " and items", List.of());
        }
        List<String> problems = new ArrayList<>();
        String customerId = text(json, "customerId", 64, problems);
        String currency = text(json, "currency", 3, problems);
        if (currency != null && !CURRENCIES.contains(currency)) {
            problems.add("currency must be an ISO 4217 code such as EUR or USD but was '" + currency + "'");
        }
        List<LineItem> items = new ArrayList<>();
        JsonNode lines = json.get("items");
        if (lines == null || !lines.isArray() || lines.isEmpty() || lines.size() > MAX_ITEMS) {
            problems.add("items must be an array of 1 to " + MAX_ITEMS + " lines");
        } else {
            for (int i = 0; i < lines.size(); i++) {
                JsonNode line = lines.get(i);
                String at = "items[" + i + "]";
                if (!line.isObject()) {
                    problems.add(at + " must be an object with sku, quantity and unitPriceCents");
                    continue;
                }
                String sku = text(line, "sku", 64, problems, at + ".");
                long quantity = integer(line, "quantity", 1, 1000, problems, at + ".");
                long price = integer(line, "unitPriceCents", 0, 10_000_000, problems, at + ".");
                items.add(new LineItem(sku, (int) quantity, price));
            }
        }
        OrderRequest order = new OrderRequest(customerId, currency, items);
        if (problems.isEmpty() && order.totalCents() > MAX_TOTAL_CENTS) {
            problems.add("the order's total must be at most " + MAX_TOTAL_CENTS + " cents but was " + order.totalCents());
        }
        if (!problems.isEmpty()) {
            throw new InvalidOrderException("invalid_order", "the order is invalid: " + String.join("; ", problems), problems);
        }
        return order;
    }

    private static String text(JsonNode json, String field, int maxLength, List<String> problems) {
        return text(json, field, maxLength, problems, "");
    }

    private static String text(JsonNode json, String field, int maxLength, List<String> problems, String prefix) {
        JsonNode value = json.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank() || value.asText().length() > maxLength) {
            problems.add(prefix + field + " must be a non-blank string of at most " + maxLength + " characters");
            return null;
        }
        return value.asText();
    }

    private static long integer(JsonNode json, String field, long min, long max, List<String> problems, String prefix) {
        JsonNode value = json.get(field);
        if (value == null || !value.isIntegralNumber() || value.asLong() < min || value.asLong() > max) {
            problems.add(prefix + field + " must be an integer from " + min + " to " + max + " but was "
                    + (value == null ? "missing" : value.toString()));
            return min;
        }
        return value.asLong();
    }
}
