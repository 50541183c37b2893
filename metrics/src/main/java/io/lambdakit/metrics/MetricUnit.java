package io.lambdakit.metrics;

/**
 * The units CloudWatch accepts for a metric, written to EMF under their CloudWatch names (for example
 * {@link #BYTES_SECOND} is {@code "Bytes/Second"}).
 */
public enum MetricUnit {
    /** Seconds. */
    SECONDS("Seconds"),
    /** Microseconds. */
    MICROSECONDS("Microseconds"),
    /** Milliseconds. */
    MILLISECONDS("Milliseconds"),
    /** Bytes. */
    BYTES("Bytes"),
    /** Kilobytes. */
    KILOBYTES("Kilobytes"),
    /** Megabytes. */
    MEGABYTES("Megabytes"),
    /** Gigabytes. */
    GIGABYTES("Gigabytes"),
    /** Terabytes. */
    TERABYTES("Terabytes"),
    /** Bits. */
    BITS("Bits"),
    /** Kilobits. */
    KILOBITS("Kilobits"),
    /** Megabits. */
    MEGABITS("Megabits"),
    /** Gigabits. */
    GIGABITS("Gigabits"),
    /** Terabits. */
    TERABITS("Terabits"),
    /** Percent. */
    PERCENT("Percent"),
    /** Count. */
    COUNT("Count"),
    /** Bytes per second. */
    BYTES_SECOND("Bytes/Second"),
    /** Kilobytes per second. */
    KILOBYTES_SECOND("Kilobytes/Second"),
    /** Megabytes per second. */
    MEGABYTES_SECOND("Megabytes/Second"),
    /** Gigabytes per second. */
    GIGABYTES_SECOND("Gigabytes/Second"),
    /** Terabytes per second. */
    TERABYTES_SECOND("Terabytes/Second"),
    /** Bits per second. */
    BITS_SECOND("Bits/Second"),
    /** Kilobits per second. */
    KILOBITS_SECOND("Kilobits/Second"),
    /** Megabits per second. */
    MEGABITS_SECOND("Megabits/Second"),
    /** Gigabits per second. */
    GIGABITS_SECOND("Gigabits/Second"),
    /** Terabits per second. */
    TERABITS_SECOND("Terabits/Second"),
    /** Count per second. */
    COUNT_SECOND("Count/Second"),
    /** No unit. */
    NONE("None");

    private final String wireName;

    MetricUnit(String wireName) {
        this.wireName = wireName;
    }

    /** @return the CloudWatch name of the unit, as written to EMF, e.g. {@code "Bytes/Second"} */
    public String wireName() {
        return wireName;
    }
}
