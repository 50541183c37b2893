package io.lambdakit.logging.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.lambdakit.core.Environment;
import io.lambdakit.core.ExecutionEnvironment;
import io.lambdakit.core.Lifecycle;
import io.lambdakit.logging.CapturingSink;
import org.junit.jupiter.api.Test;
import org.slf4j.event.KeyValuePair;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class LogPipelineTest {

    private final CapturingSink sink = new CapturingSink();

    private LogPipeline lenient(Map<String, String> env, Lifecycle lifecycle) {
        LogOutputConfig.Overrides o = new LogOutputConfig.Overrides();
        o.sink = sink;
        o.warningSink = sink::report;
        ExecutionEnvironment ee = ExecutionEnvironment.builder().environment(Environment.of(env)).lifecycle(lifecycle).build();
        return LogPipeline.create(LogOutputConfig.resolveLenient(o, ee.environment()), ee);
    }

    @Test
    void processWideSettings_neverFailInit_badValuesFallBackAndAreReported() {
        LogPipeline p = lenient(Map.of("POWERTOOLS_LOG_LEVEL", "chatty", "LAMBDAKIT_LOG_MAX_MESSAGE_CHARS", "lots"), Lifecycle.create());

        assertThat(p.levelFor("x")).isEqualTo(Levels.INFO);
        assertThat(p.settings().maxMessageChars()).isEqualTo(LogOutputConfig.DEFAULT_MAX_MESSAGE_CHARS);
        assertThat(sink.writes()).isEmpty();
        assertThat(sink.reportMessages()).singleElement().asString()
                .contains("POWERTOOLS_LOG_LEVEL was 'chatty'")
                .contains("LAMBDAKIT_LOG_MAX_MESSAGE_CHARS was 'lots'")
                .contains("defaults used instead");
        assertThat(sink.reports().get(0).get("level").asText()).isEqualTo("WARN");
    }

    @Test
    void sinkFailure_neverReachesTheCaller_andLaterLinesStillTry() {
        AtomicInteger attempts = new AtomicInteger();
        LogOutputConfig.Overrides o = new LogOutputConfig.Overrides();
        o.sink = (line, off, len) -> {
            attempts.incrementAndGet();
            throw new IllegalStateException("stdout closed");
        };
        o.warningSink = line -> { };
        ExecutionEnvironment ee = ExecutionEnvironment.builder().build();
        LogPipeline p = LogPipeline.create(LogOutputConfig.resolveStrict(o, ee.environment()), ee);

        p.emit(Levels.INFO, "x", "one", null, 0, null, null);
        p.emit(Levels.INFO, "x", "two", null, 0, null, null);

        assertThat(attempts.get()).isEqualTo(2);
    }

    @Test
    void failingToString_isRenderedAsMarker_notThrown() {
        LogPipeline p = lenient(Map.of(), Lifecycle.create());
        Object broken = new Object() {
            @Override
            public String toString() {
                throw new IllegalStateException("nope");
            }
        };

        p.emit(Levels.INFO, "x", "value {}", new Object[] {broken}, 1, null, null);

        assertThat(sink.messages()).containsExactly("value [FAILED toString()]");
    }

    /** A key-value list that fails when read: a fault the real SLF4J builders cannot produce on demand. */
    private static List<KeyValuePair> brokenKeyValues() {
        return new AbstractList<>() {
            @Override
            public KeyValuePair get(int index) {
                throw new IllegalStateException("broken list");
            }

            @Override
            public int size() {
                return 1;
            }
        };
    }

    @Test
    void renderFailure_lineIsStillWritten_reducedToWhatCanBeRendered() {
        LogPipeline p = lenient(Map.of(), Lifecycle.create());

        p.emit(Levels.ERROR, "x", "order {} failed", new Object[] {"o-1"}, 1, new IllegalStateException("x"), brokenKeyValues());

        JsonNode line = sink.only("order {} failed");
        assertThat(line.get("level").asText()).isEqualTo("ERROR");
        assertThat(line.get("logger").asText()).isEqualTo("x");
        assertThat(line.at("/error/name").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(line.get("log_truncated").asBoolean()).isTrue();
    }

    @Test
    void renderFailures_notesOnStandardErrorAreBounded_andCountTheFailures() {
        List<String> notes = new ArrayList<>();
        LogOutputConfig.Overrides o = new LogOutputConfig.Overrides();
        o.sink = sink;
        ExecutionEnvironment ee = ExecutionEnvironment.builder().build();
        o.warningSink = notes::add;
        LogPipeline p = LogPipeline.create(LogOutputConfig.resolveStrict(o, ee.environment()), ee);

        for (int i = 0; i < 25; i++) {
            p.emit(Levels.INFO, "x", "line", null, 0, null, brokenKeyValues());
        }

        assertThat(sink.lines()).hasSize(25);
        assertThat(notes).hasSize(PipelineDiagnostics.MAX_NOTES);
        JsonNode first = CapturingSink.parse(notes.get(0));
        assertThat(first.get("message").asText()).contains("broken list").contains("1 line(s) reduced so far");
        assertThat(first.get("level").asText()).isEqualTo("WARN");
        List<String> keys = new ArrayList<>();
        first.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactly("timestamp", "level", "message", "logger", "service");
        assertThat(CapturingSink.parse(notes.get(PipelineDiagnostics.MAX_NOTES - 1)).get("message").asText())
                .contains(PipelineDiagnostics.MAX_NOTES + " line(s) reduced so far")
                .endsWith("further failures of this kind are not reported");
    }

    @Test
    void sinkFailures_notesOnStandardErrorAreBounded_andCountTheLostLines() {
        List<String> notes = new ArrayList<>();
        LogOutputConfig.Overrides o = new LogOutputConfig.Overrides();
        o.sink = (line, off, len) -> {
            throw new IllegalStateException("stdout closed");
        };
        ExecutionEnvironment ee = ExecutionEnvironment.builder().build();
        o.warningSink = notes::add;
        LogPipeline p = LogPipeline.create(LogOutputConfig.resolveStrict(o, ee.environment()), ee);

        for (int i = 0; i < 25; i++) {
            p.emit(Levels.INFO, "x", "line", null, 0, null, null);
        }

        assertThat(notes).hasSize(PipelineDiagnostics.MAX_NOTES);
        JsonNode second = CapturingSink.parse(notes.get(1));
        assertThat(second.get("level").asText()).isEqualTo("ERROR");
        assertThat(second.get("message").asText()).contains("stdout closed").contains("2 line(s) lost so far");
    }

    @Test
    void toStringThatLogs_whileALineIsRendered_writesBothLinesWhole() {
        LogPipeline p = lenient(Map.of(), Lifecycle.create());
        Object chatty = new Object() {
            @Override
            public String toString() {
                p.emit(Levels.INFO, "inner", "from toString", null, 0, null, null);
                return "chatty";
            }
        };

        p.emit(Levels.INFO, "outer", "outer {}", new Object[] {chatty}, 1, null, null);

        assertThat(sink.messages()).containsExactly("from toString", "outer chatty");
    }

    @Test
    void snapStartHooks_areRegisteredAtCreation_andRunCleanly() {
        Lifecycle lifecycle = Lifecycle.create();
        lenient(Map.of(), lifecycle);

        assertThat(lifecycle.beforeCheckpoint()).extracting(Lifecycle.HookRun::name).contains("lambdakit-logging: prime the line codec");
        assertThat(lifecycle.afterRestore()).extracting(Lifecycle.HookRun::name).contains("lambdakit-logging: reseed sampling");
        assertThat(sink.writes()).as("priming writes nothing").isEmpty();
    }

    @Test
    void buffer_evictsOldestAndCounts() {
        LogBuffer b = new LogBuffer(10);

        b.add(new byte[4]);
        b.add(new byte[4]);
        b.add(new byte[4]);
        b.add(new byte[11]);
        LogBuffer.Drained d = b.drain();

        assertThat(d.lines()).hasSize(2);
        assertThat(d.evicted()).isEqualTo(2);
        assertThat(b.bytes()).isZero();
        assertThat(b.size()).isZero();
    }
}
