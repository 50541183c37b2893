package io.lambdakit.logging;

import io.lambdakit.core.Installation;
import io.lambdakit.logging.internal.LambdakitServiceProvider;
import io.lambdakit.logging.internal.LoggerRegistry;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.spi.SLF4JServiceProvider;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;

class Slf4jProviderTest {

    @Test
    void serviceLoader_findsOnlyLambdakitsProvider() {
        List<SLF4JServiceProvider> providers = new ArrayList<>();
        ServiceLoader.load(SLF4JServiceProvider.class).forEach(providers::add);

        assertThat(providers).singleElement().isInstanceOf(LambdakitServiceProvider.class);
    }

    @Test
    void loggerFactory_isBoundToLambdakit() {
        assertThat(LoggerFactory.getILoggerFactory()).isSameAs(LoggerRegistry.global());
        assertThat(LoggerFactory.getLogger("x").getClass().getName()).isEqualTo("io.lambdakit.logging.internal.LambdakitLogger");
        assertThat(MDC.getMDCAdapter().getClass().getName()).isEqualTo("io.lambdakit.logging.internal.LambdakitMdcAdapter");
    }

    @Test
    void install_redirectsLoggersCreatedBeforehand_andRestoreGoesBack() {
        Logger early = LoggerFactory.getLogger("com.acme.Early");
        CapturingSink first = new CapturingSink();
        CapturingSink second = new CapturingSink();
        LogOutput firstOutput = TestOutputs.output(first, Map.of("POWERTOOLS_SERVICE_NAME", "svc-1"));
        LogOutput secondOutput = TestOutputs.output(second, Map.of("POWERTOOLS_LOG_LEVEL", "ERROR"));

        LogOutput before = LogOutput.current();

        Installation toFirst = LogOutput.install(firstOutput);
        try {
            early.info("to first");
            Installation toSecond = LogOutput.install(secondOutput);
            try {
                early.info("filtered by second's level");
                early.error("to second");
                assertThat(LogOutput.current()).isEqualTo(secondOutput);
            } finally {
                toSecond.close();
            }
            assertThat(LogOutput.current()).isEqualTo(firstOutput);
        } finally {
            toFirst.close();
        }

        assertThat(first.messages()).containsExactly("to first");
        assertThat(first.only("to first").get("service").asText()).isEqualTo("svc-1");
        assertThat(first.only("to first").get("logger").asText()).isEqualTo("com.acme.Early");
        assertThat(second.messages()).containsExactly("to second");
        assertThat(LogOutput.current()).isEqualTo(before);
    }

    @Test
    void close_afterALaterInstall_keepsTheLaterOutput() {
        LogOutput before = LogOutput.current();
        LogOutput firstOutput = TestOutputs.output(new CapturingSink(), Map.of());
        LogOutput laterOutput = TestOutputs.output(new CapturingSink(), Map.of());
        LogOutput afterFirstClosed;

        Installation first = LogOutput.install(firstOutput);
        Installation later = LogOutput.install(laterOutput);
        first.close();
        afterFirstClosed = LogOutput.current();
        later.close();
        LogOutput afterLaterClosed = LogOutput.current();
        LogOutput.install(before); // the first handle was closed while the later output was installed: put the start state back

        assertThat(afterFirstClosed).isEqualTo(laterOutput);
        assertThat(afterLaterClosed).as("the later handle puts back what it replaced").isEqualTo(firstOutput);
    }

    @Test
    void create_usesTheInstalledOutput_andEnvironmentDefaults() {
        CapturingSink sink = new CapturingSink();
        Installation previous = LogOutput.install(TestOutputs.output(sink, Map.of("POWERTOOLS_LOGGER_LOG_EVENT", "true")));
        try {
            String result = LambdaLogging.create().execute(TestOutputs.context("r-static"), Map.of("k", "v"), () -> {
                LoggerFactory.getLogger("com.acme.Static").info("inside");
                return "done";
            });

            assertThat(result).isEqualTo("done");
        } finally {
            previous.close();
        }

        assertThat(sink.messages()).containsExactly("Handler Event", "inside");
        assertThat(sink.lines()).allSatisfy(l -> assertThat(l.get("function_request_id").asText()).isEqualTo("r-static"));
        assertThat(sink.only("Handler Event").at("/event/k").asText()).isEqualTo("v");
    }

    @Test
    void loggerNames_areCachedPerName() {
        assertThat(LoggerFactory.getLogger("same")).isSameAs(LoggerFactory.getLogger("same"));
        assertThat(LoggerFactory.getLogger(Slf4jProviderTest.class).getName()).isEqualTo(Slf4jProviderTest.class.getName());
    }
}
