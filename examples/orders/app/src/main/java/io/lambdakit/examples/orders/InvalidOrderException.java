package io.lambdakit.examples.orders;

import java.util.List;

/** The request body is not a valid order: answered with 400 and this message. */
public final class InvalidOrderException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The machine-readable error code. */
    private final String code;
    /** Each problem found, empty when the body could not be read at all. */
    @SuppressWarnings("serial") // always an immutable List.copyOf, which is serializable
    private final List<String> problems;

    /**
     * @param code     {@code malformed_body} or {@code invalid_order}
     * @param message  what is wrong and how to fix it
     * @param problems each problem found
     */
    public InvalidOrderException(String code, String message, List<String> problems) {
        super(message);
        this.code = code;
        this.problems = List.copyOf(problems);
    }

    /** @return {@code malformed_body} or {@code invalid_order} */
    public String code() {
        return code;
    }

    /** @return each problem found, empty when the body could not be read at all */
    public List<String> problems() {
        return problems;
    }
}
