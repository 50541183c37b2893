package io.lambdakit.logging;

import org.slf4j.event.KeyValuePair;

/**
 * Key-value fields passed as ordinary log arguments, for code written against Powertools'
 * {@code StructuredArguments}: {@code log.info("Order {}", entry("orderId", id))} writes
 * {@code "message":"Order orderId=42"} and {@code "orderId":42}. Any {@link KeyValuePair}
 * argument becomes a field, used by a placeholder or not. New code can use SLF4J 2's
 * {@code log.atInfo().addKeyValue("orderId", id).log("Order")} instead.
 */
public final class StructuredArguments {

    private StructuredArguments() {
    }

    /**
     * @param key   the field name
     * @param value the value: scalars keep their JSON type, other objects are written as JSON
     * @return an argument that becomes the field {@code key}
     */
    public static KeyValuePair entry(String key, Object value) {
        return new Entry(key, value);
    }

    private static final class Entry extends KeyValuePair {
        Entry(String key, Object value) {
            super(key, value);
        }

        @Override
        public String toString() {
            return key + "=" + value;
        }
    }
}
