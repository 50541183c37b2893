package io.lambdakit.logging;

import io.lambdakit.testing.MutableClock;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A logged Throwable whose own methods misbehave still gives one complete line: what can be rendered is. */
class ThrowableRenderingTest {

    private final CapturingSink sink = new CapturingSink();
    private final LogOutput out = TestOutputs.output(sink, Map.of("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand"));
    private final Logger log = out.logger("com.acme.Handler");

    /** getMessage() throws; so does the default toString(), which calls it. */
    static final class MessageThrows extends RuntimeException {
        private static final long serialVersionUID = 1L;
        MessageThrows() {
            super("never seen");
        }

        @Override
        public String getMessage() {
            throw new IllegalStateException("message unavailable");
        }
    }

    /** toString() throws; getMessage() is fine. */
    static final class ToStringThrows extends RuntimeException {
        private static final long serialVersionUID = 1L;
        ToStringThrows(String message) {
            super(message);
        }

        @Override
        public String toString() {
            throw new UnsupportedOperationException("no toString");
        }
    }

    /** getStackTrace() throws. */
    static final class StackTraceThrows extends RuntimeException {
        private static final long serialVersionUID = 1L;
        StackTraceThrows(String message) {
            super(message);
        }

        @Override
        public StackTraceElement[] getStackTrace() {
            throw new IllegalStateException("no frames");
        }
    }

    /** getCause() throws. */
    static final class CauseThrows extends RuntimeException {
        private static final long serialVersionUID = 1L;
        CauseThrows(String message) {
            super(message);
        }

        @Override
        public synchronized Throwable getCause() {
            throw new IllegalStateException("no cause");
        }
    }

    /** A cause chain that never ends: every getCause() is a new exception. */
    static final class EndlessCause extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int depth;

        EndlessCause(int depth) {
            super("level " + depth);
            this.depth = depth;
        }

        @Override
        public synchronized Throwable getCause() {
            return new EndlessCause(depth + 1);
        }
    }

    /** An Error (not a RuntimeException) from getMessage(). */
    static final class MessageThrowsError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        @Override
        public String getMessage() {
            throw new AssertionError("assertion in getMessage");
        }
    }

    private static String printed(Throwable t) {
        StringWriter sw = new StringWriter();
        t.printStackTrace(new PrintWriter(sw));
        return sw.toString().replace(System.lineSeparator(), "\n").stripTrailing();
    }

    @Test
    void error_throwingGetMessage_isWrittenWithAPlaceholderAndItsStack() {
        log.error("payment failed", new MessageThrows());

        JsonNode line = sink.only("payment failed");
        assertThat(line.at("/error/name").asText()).isEqualTo(MessageThrows.class.getName());
        assertThat(line.at("/error/message").asText()).isEqualTo("<getMessage() threw java.lang.IllegalStateException>");
        assertThat(line.at("/error/stack").asText())
                .startsWith(MessageThrows.class.getName() + ": <getMessage() threw java.lang.IllegalStateException>\n\tat ")
                .contains("ThrowableRenderingTest.error_throwingGetMessage_isWrittenWithAPlaceholderAndItsStack");
    }

    @Test
    void error_throwingToString_keepsTheMessageAndTheStack() {
        log.error("payment failed", new ToStringThrows("card declined"));

        JsonNode line = sink.only("payment failed");
        assertThat(line.at("/error/message").asText()).isEqualTo("card declined");
        assertThat(line.at("/error/stack").asText())
                .startsWith(ToStringThrows.class.getName() + ": card declined\n\tat ")
                .contains("ThrowableRenderingTest.error_throwingToString_keepsTheMessageAndTheStack");
    }

    @Test
    void error_throwingGetStackTrace_keepsTheHeaderAndSaysWhyFramesAreMissing() {
        log.error("payment failed", new StackTraceThrows("card declined"));

        JsonNode line = sink.only("payment failed");
        assertThat(line.at("/error/message").asText()).isEqualTo("card declined");
        assertThat(line.at("/error/stack").asText()).isEqualTo(StackTraceThrows.class.getName() + ": card declined\n"
                + "\t<getStackTrace() threw java.lang.IllegalStateException>");
    }

    @Test
    void error_causeWithThrowingGetMessage_isRenderedInTheChain() {
        RuntimeException top = new RuntimeException("order failed", new MessageThrows());

        log.error("payment failed", top);

        String stack = sink.only("payment failed").at("/error/stack").asText();
        assertThat(stack).startsWith("java.lang.RuntimeException: order failed\n\tat ")
                .contains("\nCaused by: " + MessageThrows.class.getName() + ": <getMessage() threw java.lang.IllegalStateException>\n");
        assertThat(sink.only("payment failed").at("/error/message").asText()).isEqualTo("order failed");
    }

    @Test
    void error_throwingGetCause_isRenderedAsAPlaceholderCause() {
        log.error("payment failed", new CauseThrows("card declined"));

        String stack = sink.only("payment failed").at("/error/stack").asText();
        assertThat(stack).startsWith(CauseThrows.class.getName() + ": card declined\n\tat ")
                .endsWith("\nCaused by: <getCause() threw java.lang.IllegalStateException>");
    }

    @Test
    void error_causeCycle_isMarkedCircularOnce() {
        IllegalStateException a = new IllegalStateException("a");
        IllegalArgumentException b = new IllegalArgumentException("b");
        a.initCause(b);
        b.initCause(a);

        log.error("cycle", a);

        String stack = sink.only("cycle").at("/error/stack").asText();
        assertThat(stack).isEqualTo(printed(a));
        assertThat(stack).contains("Caused by: [CIRCULAR REFERENCE: java.lang.IllegalStateException: a]");
    }

    @Test
    void error_endlessCauseChain_isCutAfterABoundedNumberOfCauses() {
        Logger roomy = TestOutputs.output(sink, Map.of(), MutableClock.at(TestOutputs.T0), b -> b.maxMessageChars(1_000_000))
                .logger("com.acme.Handler");

        roomy.error("endless", new EndlessCause(0));

        String stack = sink.only("endless").at("/error/stack").asText();
        assertThat(stack).contains("Caused by: " + EndlessCause.class.getName() + ": level 1\n")
                .doesNotContain("level 100\n")
                .endsWith("\t... further exceptions not shown");
    }

    @Test
    void error_endlessCauseChain_stopsGrowingAtTheMaximumLength() {
        log.error("endless", new EndlessCause(0));

        assertThat(sink.only("endless").at("/error/stack").asText())
                .hasSize(io.lambdakit.logging.internal.LogOutputConfig.DEFAULT_MAX_MESSAGE_CHARS + "...[truncated]".length()).endsWith("...[truncated]");
    }

    @Test
    void error_withCauseAndSuppressed_isExactlyWhatPrintStackTraceWrites() {
        Exception root = new java.io.IOException("disk full");
        RuntimeException top = new RuntimeException("save failed", root);
        top.addSuppressed(new IllegalStateException("close failed", new ArithmeticException("nested")));
        root.addSuppressed(new UnsupportedOperationException("rollback failed"));

        log.error("save", top);

        assertThat(sink.only("save").at("/error/stack").asText()).isEqualTo(printed(top));
    }

    @Test
    void error_getMessageThrowingAnError_stillWritesTheLine() {
        log.error("assertion", new MessageThrowsError());

        JsonNode line = sink.only("assertion");
        assertThat(line.at("/error/message").asText()).isEqualTo("<getMessage() threw java.lang.AssertionError>");
    }

    @Test
    void logError_handlerThrowsExceptionWithThrowingGetMessage_writesTheLineAndRethrowsTheSameInstance() {
        LambdaLogging logging = LambdaLogging.builder().output(out).logError(true).build();
        MessageThrows boom = new MessageThrows();

        assertThatThrownBy(() -> logging.execute(TestOutputs.context("r1"), () -> {
            throw boom;
        })).isSameAs(boom);

        JsonNode line = sink.only("Exception in Lambda Handler");
        assertThat(line.at("/error/name").asText()).isEqualTo(MessageThrows.class.getName());
        assertThat(line.at("/error/message").asText()).isEqualTo("<getMessage() threw java.lang.IllegalStateException>");
        assertThat(line.get("function_request_id").asText()).isEqualTo("r1");
    }

    @Test
    void argument_toStringThrowingAnError_isRenderedAsSlf4jMarker() {
        Object broken = new Object() {
            @Override
            public String toString() {
                throw new AssertionError("boom");
            }
        };

        log.info("value {}", broken);

        assertThat(sink.messages()).containsExactly("value [FAILED toString()]");
    }
}
