package io.lambdakit.testing;

import io.lambdakit.core.InitializationType;
import io.lambdakit.testing.sample.FailingConstructorHandler;
import io.lambdakit.testing.sample.SampleHandler;
import io.lambdakit.testing.sample.SnapStartHandler;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The fallback used where the runtime client's native library cannot load, forced here on Linux. */
class PortableRuntimeLoopIT {

    @Test
    void invoke_portableLoop_behavesLikeTheRuntimeClient() {
        try (LocalFunction fn = LocalFunction.builder().handler(SampleHandler.class).functionName("portable")
                .portableRuntimeLoop().start()) {
            InvocationResult ok = fn.invoke("{\"action\":\"segment\"}");
            InvocationResult failed = fn.invoke("{\"action\":\"fail\"}");

            assertThat(fn.usesNativeRuntimeClient()).isFalse();
            assertThat(ok.responseJson().path("functionName").asText()).isEqualTo("portable");
            assertThat(ok.responseJson().path("traceHeader").asText()).isEqualTo(ok.traceHeader().orElseThrow());
            assertThat(ok.logLines()).hasSize(1);
            assertThat(ok.segments()).hasSize(1);
            assertThat(failed.error().orElseThrow().errorType()).isEqualTo("java.lang.IllegalStateException");
            assertThat(failed.error().orElseThrow().runtimeErrorType()).isEqualTo("Runtime.UserException");
            assertThat(failed.stdout()).anyMatch(l -> l.contains("boom requested"));
        }
    }

    @Test
    void start_portableLoopConstructorThrows_reportsThroughInitError() {
        LocalFunction.Builder builder = LocalFunction.builder().handler(FailingConstructorHandler.class).portableRuntimeLoop();

        FunctionInitException e = catchThrowableOfType(FunctionInitException.class, builder::start);

        assertThat(e.errorType()).isEqualTo("java.lang.IllegalArgumentException");
        assertThat(e.runtimeErrorType()).isEqualTo("Runtime.BadFunctionCode");
        assertThat(e.output()).contains("constructing FailingConstructorHandler");
    }

    @Test
    void snapStart_portableLoop_drivesTheOrgCracHooks() {
        try (LocalFunction fn = LocalFunction.builder().handler(SnapStartHandler.class)
                .initializationType(InitializationType.SNAP_START).portableRuntimeLoop().start()) {
            SnapStartResult snap = fn.snapStart();
            InvocationResult first = fn.invoke("{}");

            assertThat(snap.succeeded()).isTrue();
            List<String> events = new ArrayList<>();
            first.responseJson().forEach(n -> events.add(n.asText()));
            assertThat(events).containsSubsequence("registered", "beforeCheckpoint", "afterRestore", "invoke:SNAP_START_RESTORE");
        }
    }
}
