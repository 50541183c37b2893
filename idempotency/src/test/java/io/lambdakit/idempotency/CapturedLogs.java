package io.lambdakit.idempotency;

import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The SLF4J provider of this module's tests (registered in META-INF/services): keeps every INFO, WARN and
 * ERROR line lambdakit logs, so tests can assert what was logged. Tests filter by a key of their own.
 */
public final class CapturedLogs {

    /** One logged line. */
    public record Line(String logger, Level level, String message) {
    }

    private static final List<Line> LINES = new CopyOnWriteArrayList<>();

    private CapturedLogs() {
    }

    /**
     * @param text a text the line must contain, e.g. an idempotency key
     * @return the WARN lines containing it, in order
     */
    public static List<Line> warnings(String text) {
        List<Line> found = new ArrayList<>();
        for (Line l : LINES) {
            if (l.level() == Level.WARN && l.message().contains(text)) {
                found.add(l);
            }
        }
        return found;
    }

    /**
     * @param text a text the line must contain
     * @return the INFO lines containing it, in order
     */
    public static List<Line> infos(String text) {
        List<Line> found = new ArrayList<>();
        for (Line l : LINES) {
            if (l.level() == Level.INFO && l.message().contains(text)) {
                found.add(l);
            }
        }
        return found;
    }

    /** The provider. */
    public static final class Provider implements SLF4JServiceProvider {
        private final IMarkerFactory markers = new BasicMarkerFactory();
        private final MDCAdapter mdc = new NOPMDCAdapter();
        private final ILoggerFactory loggers = CapturingLogger::new;

        @Override
        public ILoggerFactory getLoggerFactory() {
            return loggers;
        }

        @Override
        public IMarkerFactory getMarkerFactory() {
            return markers;
        }

        @Override
        public MDCAdapter getMDCAdapter() {
            return mdc;
        }

        @Override
        public String getRequestedApiVersion() {
            return "2.0.99";
        }

        @Override
        public void initialize() {
        }
    }

    private static final class CapturingLogger extends LegacyAbstractLogger {
        private static final long serialVersionUID = 1L;
        private final boolean ours;

        CapturingLogger(String name) {
            this.name = name;
            this.ours = name.startsWith("io.lambdakit.");
        }

        @Override
        public boolean isTraceEnabled() {
            return false;
        }

        @Override
        public boolean isDebugEnabled() {
            return false;
        }

        @Override
        public boolean isInfoEnabled() {
            return ours;
        }

        @Override
        public boolean isWarnEnabled() {
            return ours;
        }

        @Override
        public boolean isErrorEnabled() {
            return ours;
        }

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, Marker marker, String messagePattern, Object[] arguments,
                                                   Throwable throwable) {
            if (ours) {
                LINES.add(new Line(name, level, MessageFormatter.basicArrayFormat(messagePattern, arguments)));
            }
        }
    }
}
