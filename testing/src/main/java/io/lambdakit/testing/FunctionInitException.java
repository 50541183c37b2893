package io.lambdakit.testing;

import java.util.List;

/**
 * The function could not be initialised: the handler class does not exist, its constructor or
 * static initialiser threw, a SnapStart before-checkpoint hook failed, init ran out of time, or
 * the runtime exited. Carries the error Lambda would report (from {@code /runtime/init/error}
 * when the runtime sent one) and what the function printed during init.
 */
public final class FunctionInitException extends LocalFunctionException {

    private static final long serialVersionUID = 1L;

    private final transient InvocationError error;
    @SuppressWarnings("serial") // always an immutable List.copyOf, which is serializable
    private final List<String> output;

    /**
     * @param error  the init error
     * @param output what the function printed during init
     */
    public FunctionInitException(InvocationError error, List<String> output) {
        super(message(error, output));
        this.error = error;
        this.output = List.copyOf(output);
    }

    private static String message(InvocationError error, List<String> output) {
        StringBuilder b = new StringBuilder("the function failed to initialise: ")
                .append(error.errorType()).append(": ").append(error.errorMessage());
        if (error.runtimeErrorType() != null) {
            b.append(" (").append(error.runtimeErrorType()).append(')');
        }
        if (!output.isEmpty()) {
            b.append("; last output lines:");
            output.subList(Math.max(0, output.size() - 15), output.size()).forEach(l -> b.append("\n  ").append(l));
        }
        return b.toString();
    }

    /** @return the error Lambda would report */
    public InvocationError error() {
        return error;
    }

    /** @return {@code errorType}, e.g. {@code java.lang.ClassNotFoundException} */
    public String errorType() {
        return error.errorType();
    }

    /** @return {@code errorMessage} */
    public String errorMessage() {
        return error.errorMessage();
    }

    /** @return the runtime's error category, e.g. {@code Runtime.BadFunctionCode}; null when the platform produced the error */
    public String runtimeErrorType() {
        return error.runtimeErrorType();
    }

    /** @return the lines the function printed during init */
    public List<String> output() {
        return output;
    }
}
