package io.lambdakit.core.spi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonWriterTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Strings mixing ASCII, control characters, quotes, backslashes, BMP, non-BMP and line separators. */
    static String randomString(Random r, int maxLen) {
        int n = r.nextInt(maxLen + 1);
        StringBuilder sb = new StringBuilder(n);
        while (sb.length() < n) {
            switch (r.nextInt(8)) {
                case 0 -> sb.append((char) r.nextInt(0x20));
                case 1 -> sb.append(r.nextBoolean() ? '"' : '\\');
                case 2 -> sb.append((char) (0x80 + r.nextInt(0x780)));
                case 3 -> sb.append((char) (0x800 + r.nextInt(0xD000 - 0x800)));
                case 4 -> sb.appendCodePoint(0x10000 + r.nextInt(0x10FFFF - 0x10000));
                case 5 -> sb.append(r.nextBoolean() ? '\u2028' : '\u2029');
                case 6 -> sb.append((char) (0xE000 + r.nextInt(0x2000)));
                default -> sb.append((char) (0x20 + r.nextInt(0x5F)));
            }
        }
        return sb.toString();
    }

    @RepeatedTest(300)
    void strings_generated_roundTripThroughJackson(RepetitionInfo info) throws Exception {
        Random r = new Random(info.getCurrentRepetition());
        String key = randomString(r, 20);
        String value = randomString(r, 200);
        // the second member's name must differ from the generated one, or it replaces it in the parse
        String other = key.equals("n") ? "m" : "n";
        JsonWriter w = JsonWriter.create(16);

        w.beginObject().name(key).value(value).name(other).value(r.nextLong()).endObject();
        JsonNode parsed = MAPPER.readTree(w.toByteArray());

        assertThat(parsed.get(key).asText()).isEqualTo(value);
        assertThat(w.toString()).doesNotContain("\n").doesNotContain("\r");
        assertThat(w.isComplete()).isTrue();
    }

    @Test
    void pojoValue_loneSurrogates_becomeReplacementCharacter_pairsStay() throws Exception {
        java.util.Map<String, Object> pojo = new java.util.LinkedHashMap<>();
        pojo.put("lone", "a\uD800b\uDC00c\uD83D");
        pojo.put("pair", "x\uD83D\uDE00y");
        pojo.put("highHigh", "\uD800\uD801\uDC00");
        pojo.put("backslash", "\\uD800 is text");
        JsonWriter w = JsonWriter.create();

        w.beginObject().name("p").pojoValue(pojo).endObject();

        JsonNode p = MAPPER.readTree(w.toByteArray()).get("p");
        assertThat(p.get("lone").asText()).isEqualTo("a\uFFFDb\uFFFDc\uFFFD");
        assertThat(p.get("pair").asText()).isEqualTo("x\uD83D\uDE00y");
        assertThat(p.get("highHigh").asText()).isEqualTo("\uFFFD\uD801\uDC00");
        assertThat(p.get("backslash").asText()).isEqualTo("\\uD800 is text");
    }

    @Test
    void loneSurrogates_becomeReplacementCharacter_andOutputIsValidUtf8() throws Exception {
        String s = "a\uD800b\uDC00c" + "\uD83D"; // lone high, lone low, trailing high
        JsonWriter w = JsonWriter.create();

        w.beginObject().name("s").value(s).endObject();

        byte[] bytes = w.toByteArray();
        assertThat(StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString()).isNotEmpty();
        assertThat(MAPPER.readTree(bytes).get("s").asText()).isEqualTo("a\uFFFDb\uFFFDc\uFFFD");
    }

    @Test
    void structure_nestedObjectsArraysAndScalars_parsesToTheSameTree() throws Exception {
        JsonWriter w = JsonWriter.create();

        w.beginObject()
                .name("a").beginArray().value(1).value(2.5).value(true).nullValue().value("x").beginObject().endObject().endArray()
                .name("b").beginObject().name("c").value(false).name("d").beginArray().endArray().endObject()
                .name("e").rawValue("{\"raw\":[1,2]}")
                .name("f").pojoValue(java.util.Map.of("k", List.of(1, 2)))
                .name("g").value((String) null)
                .endObject();

        assertThat(MAPPER.readTree(w.toString())).isEqualTo(MAPPER.readTree(
                "{\"a\":[1,2.5,true,null,\"x\",{}],\"b\":{\"c\":false,\"d\":[]},\"e\":{\"raw\":[1,2]},\"f\":{\"k\":[1,2]},\"g\":null}"));
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1, -1, 9, 10, 123456789, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1})
    void longs_anyValue_writtenExactly(long v) {
        assertThat(JsonWriter.create().value(v).toString()).isEqualTo(Long.toString(v));
    }

    @RepeatedTest(100)
    void doubles_generated_parseBackToTheSameValue(RepetitionInfo info) throws Exception {
        Random r = new Random(info.getCurrentRepetition());
        double v = switch (r.nextInt(4)) {
            case 0 -> r.nextDouble();
            case 1 -> r.nextInt(1_000_000);
            case 2 -> -r.nextDouble() * 1e20;
            default -> r.nextGaussian() * 1e-9;
        };

        String json = JsonWriter.create().beginArray().value(v).endArray().toString();

        assertThat(MAPPER.readTree(json).get(0).asDouble()).isEqualTo(v == 0 ? 0.0 : v);
    }

    @Test
    void doubles_wholeNumber_writtenWithoutFraction() {
        assertThat(JsonWriter.create().value(42.0).toString()).isEqualTo("42");
    }

    @ParameterizedTest
    @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
    void doubles_nonFinite_rejected(double v) {
        assertThatThrownBy(() -> JsonWriter.create().value(v)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void pojoValue_unserialisable_writesNothingAndNamesTheType() throws Exception {
        JsonWriter w = JsonWriter.create();
        w.beginObject().name("ok").value(1);
        long before = w.mark();

        assertThatThrownBy(() -> w.name("bad").pojoValue(new SelfReferencing()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(SelfReferencing.class.getName());
        w.rewind(before);
        w.name("after").value(2).endObject();

        assertThat(MAPPER.readTree(w.toString())).isEqualTo(MAPPER.readTree("{\"ok\":1,\"after\":2}"));
    }

    @Test
    void pojoValue_failureAfterName_rollsBackToAfterTheName() throws Exception {
        JsonWriter w = JsonWriter.create();
        w.beginObject().name("bad");

        assertThatThrownBy(() -> w.pojoValue(new SelfReferencing())).isInstanceOf(IllegalArgumentException.class);
        w.value("fallback").endObject();

        assertThat(MAPPER.readTree(w.toString())).isEqualTo(MAPPER.readTree("{\"bad\":\"fallback\"}"));
    }

    /** Jackson fails on self-references. */
    public static final class SelfReferencing {
        public SelfReferencing getSelf() {
            return this;
        }
    }

    @RepeatedTest(100)
    void truncatedValue_neverSplitsASurrogatePairAndMarksTheCut(RepetitionInfo info) throws Exception {
        Random r = new Random(info.getCurrentRepetition());
        String s = randomString(r, 300);
        int max = r.nextInt(100);
        JsonWriter w = JsonWriter.create();

        w.beginObject().name("m");
        boolean cut = w.truncatedValue(s, max, "...[truncated]");
        w.endObject();
        String parsed = MAPPER.readTree(w.toByteArray()).get("m").asText();

        assertThat(cut).isEqualTo(s.length() > max);
        if (cut) {
            assertThat(parsed).endsWith("...[truncated]");
            String kept = parsed.substring(0, parsed.length() - "...[truncated]".length());
            assertThat(s).startsWith(kept);
            assertThat(kept.length()).isBetween(max - 1, max);
        } else {
            assertThat(parsed).isEqualTo(s);
        }
    }

    @Test
    void rewind_toMarkAtStartOfObject_dropsMembersAndKeepsCommasRight() throws Exception {
        JsonWriter w = JsonWriter.create();
        w.beginObject();
        long start = w.mark();
        w.name("big").value("x".repeat(100)).name("more").beginArray().value(1);

        assertThatThrownBy(() -> w.rewind(start)).isInstanceOf(IllegalStateException.class);
        w.endArray();
        w.rewind(start);
        w.name("small").value(1).endObject();

        assertThat(MAPPER.readTree(w.toString())).isEqualTo(MAPPER.readTree("{\"small\":1}"));
    }

    @Test
    void reset_reusedWriter_startsClean() {
        JsonWriter w = JsonWriter.create();
        w.beginObject().name("a").value(1).endObject();

        w.reset().beginObject().name("b").value(2).endObject();

        assertThat(w.toString()).isEqualTo("{\"b\":2}");
    }

    @Test
    void misuse_nameWithoutValueOrUnbalancedClose_isReported() {
        assertThatThrownBy(() -> JsonWriter.create().beginObject().name("a").endObject()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> JsonWriter.create().endArray()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> JsonWriter.create().beginObject().name("a").name("b")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void writeLineTo_concurrentWriters_neverInterleave() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, false, StandardCharsets.UTF_8);
        int threads = 8;
        int lines = 500;
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    JsonWriter w = JsonWriter.create(64);
                    Random r = new Random(thread);
                    start.await(5, TimeUnit.SECONDS);
                    for (int i = 0; i < lines; i++) {
                        w.reset().beginObject().name("t").value(thread).name("i").value(i)
                                .name("pad").value(randomString(r, 2000)).endObject();
                        w.writeLineTo(out);
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        String[] written = bytes.toString(StandardCharsets.UTF_8).split("\n");
        Set<String> seen = new HashSet<>();
        for (String line : written) {
            JsonNode n = MAPPER.readTree(line);
            seen.add(n.get("t").asInt() + ":" + n.get("i").asInt());
        }
        assertThat(written).hasSize(threads * lines);
        assertThat(seen).hasSize(threads * lines);
    }

    @RepeatedTest(50)
    void preEncodedNameAndMembers_randomNamesAndValues_sameOutputAsWritingThemInPlace(org.junit.jupiter.api.RepetitionInfo info) throws Exception {
        Random r = new Random(info.getCurrentRepetition());
        String n1 = "1" + randomString(r, 12);
        String n2 = "2" + randomString(r, 12);
        String v1 = randomString(r, 40);
        long v2 = r.nextLong();
        JsonWriter.Members members = JsonWriter.Members.of(m -> m.name(n1).value(v1).name(n2).value(v2));

        String inPlace = JsonWriter.create().beginObject().name("a").value(1).name(n1).value(v1).name(n2).value(v2)
                .name("z").value(true).endObject().toString();
        String preEncoded = JsonWriter.create().beginObject().name(JsonWriter.Name.of("a")).value(1).members(members)
                .name(JsonWriter.Name.of("z")).value(true).endObject().toString();

        assertThat(preEncoded).isEqualTo(inPlace);
        assertThat(MAPPER.readTree(preEncoded).path(n1).asText()).isEqualTo(v1);
    }

    @Test
    void members_firstOrOnlyInObject_noStrayCommas() throws Exception {
        JsonWriter.Members members = JsonWriter.Members.of(m -> m.name("x").value("y"));

        assertThat(JsonWriter.create().beginObject().members(members).endObject().toString()).isEqualTo("{\"x\":\"y\"}");
        assertThat(JsonWriter.create().beginObject().members(members).name("b").value(2).endObject().toString())
                .isEqualTo("{\"x\":\"y\",\"b\":2}");
        assertThat(JsonWriter.create().beginObject().members(members).members(members).endObject().toString())
                .isEqualTo("{\"x\":\"y\",\"x\":\"y\"}");
    }

    @Test
    void members_empty_writesNothingAndKeepsCommasRight() {
        JsonWriter.Members none = JsonWriter.Members.of(m -> { });

        assertThat(none.isEmpty()).isTrue();
        assertThat(JsonWriter.create().beginObject().name("a").value(1).members(none).name("b").value(2).endObject().toString())
                .isEqualTo("{\"a\":1,\"b\":2}");
        assertThat(JsonWriter.create().beginObject().members(none).name("b").value(2).endObject().toString())
                .isEqualTo("{\"b\":2}");
    }

    @Test
    void members_outsideObjectOrAfterName_throws() {
        JsonWriter.Members members = JsonWriter.Members.of(m -> m.name("x").value(1));

        assertThatThrownBy(() -> JsonWriter.create().members(members)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> JsonWriter.create().beginObject().name("a").members(members)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> JsonWriter.Members.of(m -> m.name("open").beginArray())).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> JsonWriter.create().beginObject().name(JsonWriter.Name.of("a")).name(JsonWriter.Name.of("b")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("'b'");
    }
}
