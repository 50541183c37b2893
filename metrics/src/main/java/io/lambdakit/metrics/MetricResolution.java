package io.lambdakit.metrics;

/**
 * How finely CloudWatch stores a metric. EMF writes {@code "StorageResolution":1} for {@link #HIGH} and
 * nothing for {@link #STANDARD}, which is CloudWatch's default.
 */
public enum MetricResolution {
    /** One-minute resolution, CloudWatch's default. */
    STANDARD(60),
    /** One-second resolution (high-resolution custom metric; billed as such). */
    HIGH(1);

    private final int seconds;

    MetricResolution(int seconds) {
        this.seconds = seconds;
    }

    /** @return the storage resolution in seconds: 60 or 1 */
    public int seconds() {
        return seconds;
    }
}
