package io.lambdakit.testing.internal;

import java.util.List;

/**
 * How one invocation ended, as a driver saw it.
 *
 * @param kind            what happened
 * @param body            the response or error document bytes (empty for timeouts and exits)
 * @param errorTypeHeader the runtime's error type header, or null
 * @param output          the lines the function wrote during the invocation
 * @param exitCode        the runtime's exit code when it exited, else -1
 */
public record Outcome(Kind kind, byte[] body, String errorTypeHeader, List<String> output, int exitCode) {

    /** What happened. */
    public enum Kind {
        /** The runtime posted a response. */
        RESPONSE,
        /** The runtime posted an error. */
        ERROR,
        /** The deadline passed first. */
        TIMEOUT,
        /** The runtime process died first. */
        EXITED,
        /** Managed instances: no runtime worker became free to take it (every one stuck past its deadline). */
        THROTTLED
    }
}
