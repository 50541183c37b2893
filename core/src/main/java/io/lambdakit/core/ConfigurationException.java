package io.lambdakit.core;

import java.util.ArrayList;
import java.util.List;

/**
 * A configuration that cannot work, detected at build or init time rather than on the first
 * invocation. It reports every problem at once, each saying what was found and how to fix it, for
 * example {@code POWERTOOLS_METRICS_NAMESPACE was '' but it must not be blank; set it or call
 * Metrics.builder().namespace(..)}.
 */
public final class ConfigurationException extends LambdakitException {

    private static final long serialVersionUID = 1L;

    private final String component;
    @SuppressWarnings("serial") // always an immutable List.copyOf, which is serializable
    private final List<String> problems;

    private ConfigurationException(String component, List<String> problems) {
        super(format(component, problems));
        this.component = component;
        this.problems = List.copyOf(problems);
    }

    /** @return the component whose configuration failed, e.g. {@code lambdakit-metrics} */
    public String component() {
        return component;
    }

    /** @return every problem found, in the order they were found */
    public List<String> problems() {
        return problems;
    }

    /**
     * Starts collecting the problems of one component's configuration.
     *
     * @param component the component being configured, named in the message
     * @return a new, empty collector
     */
    public static Problems problems(String component) {
        return new Problems(component);
    }

    private static String format(String component, List<String> problems) {
        StringBuilder sb = new StringBuilder(component).append(" is misconfigured (")
                .append(problems.size()).append(problems.size() == 1 ? " problem" : " problems").append("):");
        for (String p : problems) {
            sb.append("\n - ").append(p);
        }
        return sb.toString();
    }

    /** Collects configuration problems so that one exception reports them all. Not thread-safe. */
    public static final class Problems {
        private final String component;
        private final List<String> found = new ArrayList<>();

        private Problems(String component) {
            this.component = component;
        }

        /**
         * Records a problem when {@code condition} is false.
         *
         * @param condition what must hold
         * @param problem   what was found and how to fix it
         * @return this collector
         */
        public Problems require(boolean condition, String problem) {
            if (!condition) {
                found.add(problem);
            }
            return this;
        }

        /**
         * Records a problem unconditionally.
         *
         * @param problem what was found and how to fix it
         * @return this collector
         */
        public Problems add(String problem) {
            found.add(problem);
            return this;
        }

        /** @return true when no problem has been recorded */
        public boolean isEmpty() {
            return found.isEmpty();
        }

        /**
         * @throws ConfigurationException listing every recorded problem, if there is any
         */
        public void throwIfAny() {
            if (!found.isEmpty()) {
                throw new ConfigurationException(component, found);
            }
        }
    }
}
