package io.lambdakit.core;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class LifecycleReportTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);

    private static JsonNode json(String line) throws Exception {
        return Json.mapper().readTree(line);
    }

    private static Lifecycle.HookRun run(String name, long millis) {
        return new Lifecycle.HookRun(name, Lifecycle.Phase.AFTER_RESTORE, Duration.ofMillis(millis), null);
    }

    @Test
    void afterRestore_writesOneStructuredLineWithTotalAndEachHook() throws Exception {
        List<String> lines = new ArrayList<>();
        Lifecycle lifecycle = Lifecycle.create(lines::add);
        lifecycle.onAfterRestore("reseed", this, owner -> { });
        lifecycle.onAfterRestore("drop caches", this, owner -> { });

        lifecycle.afterRestore();

        assertThat(lines).hasSize(1);
        JsonNode line = json(lines.get(0));
        assertThat(line.path("level").asText()).isEqualTo("INFO");
        assertThat(line.path("phase").asText()).isEqualTo("after-restore");
        assertThat(line.path("budgetMs").asLong()).isEqualTo(10_000);
        assertThat(line.path("message").asText()).startsWith("lambdakit: after-restore hooks took ").contains("10000 ms restore budget");
        assertThat(line.path("hooks").findValuesAsText("name")).containsExactly("reseed", "drop caches");
        assertThat(line.path("tookMs").asDouble()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void beforeCheckpoint_hookRegisteredWhileThePhaseRuns_runsInTheSamePhase() {
        Lifecycle lifecycle = Lifecycle.create(line -> { });
        List<String> calls = new ArrayList<>();
        lifecycle.onBeforeCheckpoint("prime handler", this, owner -> {
            calls.add("prime handler");
            lifecycle.onBeforeCheckpoint("module configured by the handler", this, inner -> calls.add("module"));
        });

        List<Lifecycle.HookRun> runs = lifecycle.beforeCheckpoint();

        assertThat(calls).containsExactly("prime handler", "module");
        assertThat(runs).extracting(Lifecycle.HookRun::name).containsExactly("prime handler", "module configured by the handler");
    }

    @Test
    void beforeCheckpoint_hookThatKeepsRegisteringHooks_stopsAfterABoundedNumberOfRounds() {
        Lifecycle lifecycle = Lifecycle.create(line -> { });
        List<Object> owners = new java.util.ArrayList<>(List.of(new Object()));
        Lifecycle.Hook<Object> self = new Lifecycle.Hook<>() {
            @Override
            public void run(Object owner) {
                Object next = new Object(); // a new owner each time, so the registration is not a duplicate
                owners.add(next);
                lifecycle.onBeforeCheckpoint("again", next, this);
            }
        };
        lifecycle.onBeforeCheckpoint("again", owners.get(0), self);

        List<Lifecycle.HookRun> runs = lifecycle.beforeCheckpoint();

        assertThat(runs).hasSizeBetween(2, 8);
    }

    @Test
    void beforeCheckpoint_writesItsOwnLineWithoutBudget() throws Exception {
        List<String> lines = new ArrayList<>();
        Lifecycle lifecycle = Lifecycle.create(lines::add);
        lifecycle.onBeforeCheckpoint("prime", this, owner -> { });

        lifecycle.beforeCheckpoint();

        JsonNode line = json(lines.get(0));
        assertThat(line.path("phase").asText()).isEqualTo("before-checkpoint");
        assertThat(line.has("budgetMs")).isFalse();
    }

    @Test
    void report_restoreHooksNearTheBudget_isAWarningThatSaysWhatToDo() throws Exception {
        JsonNode line = json(Lifecycle.report(Lifecycle.Phase.AFTER_RESTORE, List.of(run("slow refresh", 4_000), run("reseed", 1_500)), CLOCK));

        assertThat(line.path("level").asText()).isEqualTo("WARN");
        assertThat(line.path("tookMs").asDouble()).isEqualTo(5_500.0);
        assertThat(line.path("message").asText()).contains("5500 ms").contains("move work into before-checkpoint hooks");
        assertThat(line.path("timestamp").asText()).isEqualTo("2026-01-02T03:04:05.000Z");
        assertThat(line.path("hooks").get(0).path("tookMs").asDouble()).isEqualTo(4_000.0);
    }

    @Test
    void afterRestore_lineStartsWithTheKeysOfALogLine_withTheEnvironmentsServiceAndClock() throws Exception {
        List<String> lines = new ArrayList<>();
        ExecutionEnvironment ee = ExecutionEnvironment.builder()
                .environment(Environment.of(java.util.Map.of("POWERTOOLS_SERVICE_NAME", "orders")))
                .clock(Clock.fixed(Instant.parse("2026-01-02T03:04:05.678901Z"), ZoneOffset.UTC))
                .lifecycle(Lifecycle.create(lines::add))
                .build();

        ee.lifecycle().afterRestore();

        JsonNode line = json(lines.get(0));
        List<String> keys = new ArrayList<>();
        line.fieldNames().forEachRemaining(keys::add);
        assertThat(keys.subList(0, 5)).containsExactly("timestamp", "level", "message", "logger", "service");
        assertThat(line.path("timestamp").asText()).isEqualTo("2026-01-02T03:04:05.678Z");
        assertThat(line.path("service").asText()).isEqualTo("orders");
        assertThat(line.path("logger").asText()).isEqualTo("io.lambdakit.core.Lifecycle");
    }

    @Test
    void report_restoreHooksWellWithinTheBudget_isInfo() throws Exception {
        JsonNode line = json(Lifecycle.report(Lifecycle.Phase.AFTER_RESTORE, List.of(run("a", 4_999)), CLOCK));

        assertThat(line.path("level").asText()).isEqualTo("INFO");
    }

    @Test
    void afterRestore_failingHook_isReportedAsErrorAndStillThrows() throws Exception {
        List<String> lines = new ArrayList<>();
        Lifecycle lifecycle = Lifecycle.create(lines::add);
        lifecycle.onAfterRestore("broken", this, owner -> {
            throw new IllegalStateException("cannot refresh");
        });

        LifecycleException e = catchThrowableOfType(LifecycleException.class, lifecycle::afterRestore);

        assertThat(e).isNotNull();
        JsonNode line = json(lines.get(0));
        assertThat(line.path("level").asText()).isEqualTo("ERROR");
        assertThat(line.path("message").asText()).contains("1 failed");
        assertThat(line.path("hooks").get(0).path("failure").asText()).contains("cannot refresh");
    }
}
