package io.lambdakit.examples.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class OrderRequestTest {

    @Test
    void parse_validOrder_keepsEveryLineAndSumsTheTotal() {
        OrderRequest order = OrderRequest.parse("{\"customerId\":\"c-42\",\"currency\":\"EUR\",\"items\":["
                + "{\"sku\":\"book-1\",\"quantity\":2,\"unitPriceCents\":1250},{\"sku\":\"pen-7\",\"quantity\":5,\"unitPriceCents\":250}]}");

        assertThat(order.customerId()).isEqualTo("c-42");
        assertThat(order.currency()).isEqualTo("EUR");
        assertThat(order.items()).containsExactly(new OrderRequest.LineItem("book-1", 2, 1250),
                new OrderRequest.LineItem("pen-7", 5, 250));
        assertThat(order.totalCents()).isEqualTo(3750);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"customerId\": \"c-42\", \"items\": [", "not json", "{\"a\":1} trailing", "[1,2]", "\"text\"", "  "})
    void parse_bodyThatIsNotAJsonObject_isMalformed(String body) {
        InvalidOrderException e = catchThrowableOfType(InvalidOrderException.class, () -> OrderRequest.parse(body));

        assertThat(e.code()).isEqualTo("malformed_body");
        assertThat(e.getMessage()).isNotBlank();
    }

    @Test
    void parse_nullBody_isMalformedAndSaysToSendJson() {
        InvalidOrderException e = catchThrowableOfType(InvalidOrderException.class, () -> OrderRequest.parse(null));

        assertThat(e.code()).isEqualTo("malformed_body");
        assertThat(e.getMessage()).contains("no body");
    }

    @Test
    void parse_orderWithSeveralProblems_reportsEveryOneOfThem() {
        InvalidOrderException e = catchThrowableOfType(InvalidOrderException.class, () -> OrderRequest.parse(
                "{\"customerId\":\"\",\"currency\":\"EURO\",\"items\":[{\"sku\":\"a\",\"quantity\":0,\"unitPriceCents\":-1},7]}"));

        assertThat(e.code()).isEqualTo("invalid_order");
        assertThat(e.problems()).containsExactly(
                "customerId must be a non-blank string of at most 64 characters",
                "currency must be a non-blank string of at most 3 characters",
                "items[0].quantity must be an integer from 1 to 1000 but was 0",
                "items[0].unitPriceCents must be an integer from 0 to 10000000 but was -1",
                "items[1] must be an object with sku, quantity and unitPriceCents");
        assertThat(e.getMessage()).contains(String.join("; ", e.problems()));
    }

    @ParameterizedTest
    @CsvSource({"XYZ", "eur", "ABC"})
    void parse_unknownCurrency_isRejected(String currency) {
        InvalidOrderException e = catchThrowableOfType(InvalidOrderException.class, () -> OrderRequest.parse(
                "{\"customerId\":\"c\",\"currency\":\"" + currency + "\",\"items\":[{\"sku\":\"a\",\"quantity\":1,\"unitPriceCents\":1}]}"));

        assertThat(e.problems()).containsExactly("currency must be an ISO 4217 code such as EUR or USD but was '" + currency + "'");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 51})
    void parse_itemCountOutsideOneToFifty_isRejected(int count) {
        String line = "{\"sku\":\"a\",\"quantity\":1,\"unitPriceCents\":1}";
        String items = String.join(",", java.util.Collections.nCopies(count, line));

        InvalidOrderException e = catchThrowableOfType(InvalidOrderException.class, () -> OrderRequest.parse(
                "{\"customerId\":\"c\",\"currency\":\"EUR\",\"items\":[" + items + "]}"));

        assertThat(e.problems()).containsExactly("items must be an array of 1 to 50 lines");
    }

    @Test
    void parse_totalAboveTheLimit_isRejectedWithTheTotal() {
        String line = "{\"sku\":\"a\",\"quantity\":1000,\"unitPriceCents\":10000000}";
        String items = String.join(",", java.util.Collections.nCopies(11, line));

        InvalidOrderException e = catchThrowableOfType(InvalidOrderException.class, () -> OrderRequest.parse(
                "{\"customerId\":\"c\",\"currency\":\"EUR\",\"items\":[" + items + "]}"));

        assertThat(e.problems()).containsExactly("the order's total must be at most 1000000000 cents but was 110000000000");
    }

    @Test
    void parse_fractionalQuantity_isRejected() {
        InvalidOrderException e = catchThrowableOfType(InvalidOrderException.class, () -> OrderRequest.parse(
                "{\"customerId\":\"c\",\"currency\":\"EUR\",\"items\":[{\"sku\":\"a\",\"quantity\":1.5,\"unitPriceCents\":1}]}"));

        assertThat(e.problems()).isEqualTo(List.of("items[0].quantity must be an integer from 1 to 1000 but was 1.5"));
    }
}
