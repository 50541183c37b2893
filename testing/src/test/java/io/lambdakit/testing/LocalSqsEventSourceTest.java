package io.lambdakit.testing;

import org.junit.jupiter.api.Test;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.URLClassLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

class LocalSqsEventSourceTest {

    @Test
    void builder_withoutTheSqsClientOnTheClassPath_throwsNamingTheCoordinate() throws Exception {
        try (URLClassLoader without = SamTemplateTest.classPathWithout("/sqs/")) {
            Class<?> type = Class.forName(LocalSqsEventSource.class.getName(), true, without);
            Class<?> builder = Class.forName(LocalSqsEventSource.Builder.class.getName(), false, without);
            // a method handle links this one method, as a call in user code does (reflection would load every signature)
            MethodHandle call = MethodHandles.publicLookup().findStatic(type, "builder", MethodType.methodType(builder));

            Throwable thrown = catchThrowable(call::invoke);

            assertThat(thrown.getClass().getName()).isEqualTo(LocalFunctionException.class.getName());
            assertThat(thrown.getMessage()).contains("software.amazon.awssdk:sqs").contains("test scope");
        }
    }
}
