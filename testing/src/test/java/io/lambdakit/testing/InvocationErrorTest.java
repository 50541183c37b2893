package io.lambdakit.testing;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class InvocationErrorTest {

    @Test
    void parse_runtimeErrorDocument_readsEveryField() {
        byte[] body = ("{\"errorMessage\":\"boom\",\"errorType\":\"java.lang.IllegalStateException\","
                + "\"stackTrace\":[\"a.B.c(B.java:1)\",\"a.B.d(B.java:2)\"]}").getBytes(StandardCharsets.UTF_8);

        InvocationError e = InvocationError.parse(body, "Runtime.UserException");

        assertThat(e.errorType()).isEqualTo("java.lang.IllegalStateException");
        assertThat(e.errorMessage()).isEqualTo("boom");
        assertThat(e.stackTrace()).containsExactly("a.B.c(B.java:1)", "a.B.d(B.java:2)");
        assertThat(e.runtimeErrorType()).isEqualTo("Runtime.UserException");
        assertThat(e).hasToString("java.lang.IllegalStateException: boom");
    }

    @Test
    void parse_documentWithoutType_fallsBackToTheRuntimeType() {
        InvocationError e = InvocationError.parse("{\"errorMessage\":\"Invalid handler\"}".getBytes(StandardCharsets.UTF_8),
                "Runtime.BadFunctionCode");

        assertThat(e.errorType()).isEqualTo("Runtime.BadFunctionCode");
        assertThat(e.stackTrace()).isEmpty();
    }

    @Test
    void parse_notJson_keepsTheTextAsMessage() {
        InvocationError e = InvocationError.parse("oops".getBytes(StandardCharsets.UTF_8), null);

        assertThat(e.errorType()).isEqualTo("Runtime.Unknown");
        assertThat(e.errorMessage()).isEqualTo("oops");
        assertThat(e.document().path("errorMessage").asText()).isEqualTo("oops");
    }
}
