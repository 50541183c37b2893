package io.lambdakit.logging.internal;

import org.slf4j.event.Level;

import java.util.Locale;

/**
 * Log levels as small ints, so that the enabled check on the hot path is one comparison. The order
 * is SLF4J's: TRACE &lt; DEBUG &lt; INFO &lt; WARN &lt; ERROR &lt; OFF.
 */
final class Levels {

    /** TRACE. */
    public static final int TRACE = 0;
    /** DEBUG. */
    public static final int DEBUG = 1;
    /** INFO. */
    public static final int INFO = 2;
    /** WARN. */
    public static final int WARN = 3;
    /** ERROR. */
    public static final int ERROR = 4;
    /** Nothing is logged. */
    public static final int OFF = 5;
    /** Returned by {@link #parse(String)} for a value that is not a level. */
    public static final int INVALID = -1;

    private static final String[] NAMES = {"TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF"};
    private static final Level[] SLF4J = {Level.TRACE, Level.DEBUG, Level.INFO, Level.WARN, Level.ERROR, null};

    private Levels() {
    }

    /**
     * @param level an SLF4J level
     * @return its int
     */
    public static int of(Level level) {
        return switch (level) {
            case TRACE -> TRACE;
            case DEBUG -> DEBUG;
            case INFO -> INFO;
            case WARN -> WARN;
            case ERROR -> ERROR;
        };
    }

    /**
     * @param level a level int
     * @return the SLF4J level, or null for {@link #OFF}
     */
    public static Level toSlf4j(int level) {
        return SLF4J[level];
    }

    /**
     * @param level a level int
     * @return the name written in the {@code level} key
     */
    public static String name(int level) {
        return NAMES[level];
    }

    /**
     * Parses a level the way Lambda and Powertools users write them: case-insensitive, with
     * {@code WARNING} for WARN and {@code FATAL}/{@code CRITICAL} for ERROR.
     *
     * @param value a level name
     * @return the level int, or {@link #INVALID}
     */
    public static int parse(String value) {
        if (value == null) {
            return INVALID;
        }
        return switch (value.trim().toUpperCase(Locale.ROOT)) {
            case "TRACE" -> TRACE;
            case "DEBUG" -> DEBUG;
            case "INFO" -> INFO;
            case "WARN", "WARNING" -> WARN;
            case "ERROR", "FATAL", "CRITICAL" -> ERROR;
            case "OFF" -> OFF;
            default -> INVALID;
        };
    }
}
