package io.lambdakit.testing;

import io.lambdakit.testing.sample.FailingConstructorHandler;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Handlers that cannot be initialised, through the real runtime client and in-process alike. */
class InitFailureIT {

    @ParameterizedTest
    @EnumSource(LocalFunction.Mode.class)
    void start_handlerClassMissing_failsWithClassNotFound(LocalFunction.Mode mode) {
        LocalFunction.Builder builder = LocalFunction.builder().mode(mode).handler("com.example.DoesNotExist::handle");

        FunctionInitException e = catchThrowableOfType(FunctionInitException.class, builder::start);

        assertThat(e.errorType()).isEqualTo("java.lang.ClassNotFoundException");
        assertThat(e.errorMessage()).isEqualTo("Class not found: com.example.DoesNotExist");
        assertThat(e.runtimeErrorType()).isEqualTo("Runtime.BadFunctionCode");
    }

    @ParameterizedTest
    @EnumSource(LocalFunction.Mode.class)
    void start_noSuchMethod_failsWithTheRuntimesMessage(LocalFunction.Mode mode) {
        LocalFunction.Builder builder = LocalFunction.builder().mode(mode).handler("io.lambdakit.testing.sample.NotAHandler::nope");

        FunctionInitException e = catchThrowableOfType(FunctionInitException.class, builder::start);

        assertThat(e.errorMessage()).isEqualTo(
                "No public method named nope with appropriate method signature found on class io.lambdakit.testing.sample.NotAHandler");
        assertThat(e.errorType()).isEqualTo("Runtime.BadFunctionCode");
    }

    @ParameterizedTest
    @EnumSource(LocalFunction.Mode.class)
    void start_constructorThrows_failsWithTheUsersException(LocalFunction.Mode mode) {
        LocalFunction.Builder builder = LocalFunction.builder().mode(mode).handler(FailingConstructorHandler.class);

        FunctionInitException e = catchThrowableOfType(FunctionInitException.class, builder::start);

        assertThat(e.errorType()).isEqualTo("java.lang.IllegalArgumentException");
        assertThat(e.errorMessage()).isEqualTo("TABLE_NAME is not set");
        assertThat(e.runtimeErrorType()).isEqualTo("Runtime.BadFunctionCode");
        assertThat(e.getMessage()).contains("TABLE_NAME is not set");
    }

    @org.junit.jupiter.api.Test
    void start_constructorThrowsUnderRuntimeClient_reportsThroughInitErrorWithInitOutput() {
        LocalFunction.Builder builder = LocalFunction.builder().handler(FailingConstructorHandler.class);

        FunctionInitException e = catchThrowableOfType(FunctionInitException.class, builder::start);

        assertThat(e.output()).contains("constructing FailingConstructorHandler");
        assertThat(e.output()).anyMatch(l -> l.contains("FailingConstructorHandler.<init>"));
    }

    @org.junit.jupiter.api.Test
    void invoke_afterInitFailure_retriesInitInANewEnvironment() {
        try (LocalFunction fn = LocalFunction.builder().handler(FailingConstructorHandler.class).build()) {
            catchThrowableOfType(FunctionInitException.class, () -> fn.invoke("\"x\""));

            catchThrowableOfType(FunctionInitException.class, () -> fn.invoke("\"x\""));

            assertThat(fn.environmentsStarted()).isEqualTo(2);
        }
    }
}
