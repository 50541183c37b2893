package io.lambdakit.core.spi;

/**
 * The head every line lambdakit writes outside lambdakit-logging's pipeline starts with, in the order
 * and formats of a logging line written outside an invocation: {@code timestamp} (UTC milliseconds),
 * {@code level}, {@code message}, {@code logger}, {@code service}. Used by core's SnapStart lifecycle
 * report, logging's notes about its own failures and tracing's warnings, so that a log query or
 * subscription filter written for logging's lines reads them too.
 */
public final class LineHead {

    private LineHead() {
    }

    /**
     * Opens a JSON object and writes the head; the caller adds its own members, then
     * {@link JsonWriter#endObject()}.
     *
     * @param extraCapacity bytes expected beyond the head
     * @param epochMillis   the line's time
     * @param level         {@code INFO}, {@code WARN}, {@code ERROR}, ...
     * @param message       the message
     * @param logger        the name of what writes the line
     * @param service       the service name, as logging lines carry it
     * @return the writer, inside the open object
     */
    public static JsonWriter begin(int extraCapacity, long epochMillis, String level, String message, String logger,
                                   String service) {
        JsonWriter w = JsonWriter.create(160 + message.length() + extraCapacity);
        w.beginObject();
        w.name("timestamp").value(new TimestampFormat().formatString(epochMillis));
        w.name("level").value(level);
        w.name("message").value(message);
        w.name("logger").value(logger);
        w.name("service").value(service);
        return w;
    }

    /**
     * @param epochMillis the line's time
     * @param level       the level
     * @param message     the message
     * @param logger      the name of what writes the line
     * @param service     the service name
     * @return a whole line with the head alone, without a newline
     */
    public static String line(long epochMillis, String level, String message, String logger, String service) {
        return begin(0, epochMillis, level, message, logger, service).endObject().toString();
    }
}
