package io.lambdakit.tracing;

/**
 * What a traced call records as metadata besides its timing: its return value ({@code "<name> response"})
 * and the exception it threw ({@code "<name> error"}). Exceptions are always recorded in the
 * subsegment's {@code cause}; this only controls the metadata copy. The names match Powertools.
 */
public enum CaptureMode {
    /** Use the tracer's setting: builder, else {@code POWERTOOLS_TRACER_CAPTURE_RESPONSE} / {@code _CAPTURE_ERROR}, else true. */
    ENVIRONMENT_VAR,
    /** Record the return value only. */
    RESPONSE,
    /** Record the exception only. */
    ERROR,
    /** Record both. */
    RESPONSE_AND_ERROR,
    /** Record neither. */
    DISABLED;

    /**
     * @param tracerDefault the tracer's configured value, used for {@link #ENVIRONMENT_VAR}
     * @return whether the return value is recorded
     */
    public boolean capturesResponse(boolean tracerDefault) {
        return switch (this) {
            case ENVIRONMENT_VAR -> tracerDefault;
            case RESPONSE, RESPONSE_AND_ERROR -> true;
            case ERROR, DISABLED -> false;
        };
    }

    /**
     * @param tracerDefault the tracer's configured value, used for {@link #ENVIRONMENT_VAR}
     * @return whether the exception is recorded as metadata
     */
    public boolean capturesError(boolean tracerDefault) {
        return switch (this) {
            case ENVIRONMENT_VAR -> tracerDefault;
            case ERROR, RESPONSE_AND_ERROR -> true;
            case RESPONSE, DISABLED -> false;
        };
    }
}
