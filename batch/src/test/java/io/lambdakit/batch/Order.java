package io.lambdakit.batch;

import java.math.BigDecimal;

/** The item type of the tests: what an orders function reads from its queue. */
public record Order(String id, int quantity, BigDecimal price) {
}
