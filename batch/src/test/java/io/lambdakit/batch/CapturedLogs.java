package io.lambdakit.batch;

import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.MDC;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real SLF4J 2 provider for this module's tests (registered through ServiceLoader): keeps every
 * event, with the MDC and thread at the time it was logged. Tests call {@link #clear()} first.
 */
public final class CapturedLogs implements SLF4JServiceProvider {

    /** One logged event. */
    public record Event(Level level, String logger, String message, Throwable error, Map<String, String> mdc, String thread) {
    }

    private static final List<Event> EVENTS = new CopyOnWriteArrayList<>();

    private final BasicMDCAdapter mdc = new BasicMDCAdapter();
    private final BasicMarkerFactory markers = new BasicMarkerFactory();
    private final Map<String, Logger> loggers = new ConcurrentHashMap<>();

    public static void clear() {
        EVENTS.clear();
    }

    public static List<Event> events() {
        return new ArrayList<>(EVENTS);
    }

    public static List<Event> at(Level level) {
        return events().stream().filter(e -> e.level() == level).toList();
    }

    @Override
    public ILoggerFactory getLoggerFactory() {
        return name -> loggers.computeIfAbsent(name, Capturing::new);
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

    private static final class Capturing extends LegacyAbstractLogger {
        private static final long serialVersionUID = 1L;

        Capturing(String name) {
            this.name = name;
        }

        @Override
        public boolean isTraceEnabled() {
            return false;
        }

        @Override
        public boolean isDebugEnabled() {
            return true;
        }

        @Override
        public boolean isInfoEnabled() {
            return true;
        }

        @Override
        public boolean isWarnEnabled() {
            return true;
        }

        @Override
        public boolean isErrorEnabled() {
            return true;
        }

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] args, Throwable error) {
            String message = MessageFormatter.basicArrayFormat(pattern, args);
            Map<String, String> context = MDC.getCopyOfContextMap();
            EVENTS.add(new Event(level, name, message, error, context == null ? Map.of() : context, Thread.currentThread().getName()));
        }
    }
}
