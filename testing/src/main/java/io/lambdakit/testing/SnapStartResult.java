package io.lambdakit.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.lambdakit.testing.internal.OutputParser;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What a SnapStart sequence did: init and the before-checkpoint hooks (up to the snapshot),
 * then the restore and the after-restore hooks, which Lambda gives
 * {@link LocalFunction#SNAP_START_RESTORE_BUDGET 10 seconds}.
 */
public final class SnapStartResult {

    private final List<String> checkpointOutput;
    private final List<String> restoreOutput;
    private final Duration restoreDuration;
    private final InvocationError error;

    SnapStartResult(List<String> checkpointOutput, List<String> restoreOutput, Duration restoreDuration,
                    InvocationError error) {
        this.checkpointOutput = List.copyOf(checkpointOutput);
        this.restoreOutput = List.copyOf(restoreOutput);
        this.restoreDuration = restoreDuration;
        this.error = error;
    }

    /** @return what the function printed during init and its before-checkpoint hooks */
    public List<String> checkpointOutput() {
        return checkpointOutput;
    }

    /** @return what the function printed during its after-restore hooks */
    public List<String> restoreOutput() {
        return restoreOutput;
    }

    /** @return the JSON log lines printed during init and the before-checkpoint hooks */
    public List<JsonNode> checkpointLogLines() {
        return OutputParser.parse(checkpointOutput).logLines();
    }

    /** @return the JSON log lines printed during the after-restore hooks */
    public List<JsonNode> restoreLogLines() {
        return OutputParser.parse(restoreOutput).logLines();
    }

    /** @return how long the restore phase (after-restore hooks) took */
    public Duration restoreDuration() {
        return restoreDuration;
    }

    /**
     * @return the restore error (an after-restore hook threw, the budget was exceeded or the
     *         runtime exited); the environment is then discarded, as Lambda discards it
     */
    public Optional<InvocationError> error() {
        return Optional.ofNullable(error);
    }

    /** @return true when the restore succeeded and the function is ready for its first invocation */
    public boolean succeeded() {
        return error == null;
    }

    @Override
    public String toString() {
        return "SnapStartResult[" + (error == null ? "restored" : error.toString()) + ", restore " + restoreDuration.toMillis() + " ms]";
    }
}
