package io.lambdakit.core;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TraceHeaderTest {

    private static final String ROOT = "1-5759e988-bd862e3fe1be46a994272793";

    @Test
    void parse_lambdaHeader_readsAllParts() {
        TraceHeader h = TraceHeader.parseOrThrow("Root=" + ROOT + ";Parent=53995c3f42cd8ad8;Sampled=1;Lineage=a87bd80c:1|68fd508a:5");

        assertThat(h.root()).isEqualTo(ROOT);
        assertThat(h.parentId()).contains("53995c3f42cd8ad8");
        assertThat(h.isSampled()).isTrue();
        assertThat(h.extra()).containsExactly(Map.entry("Lineage", "a87bd80c:1|68fd508a:5"));
    }

    @Test
    void parse_spacesAndKeyCase_areTolerated() {
        TraceHeader h = TraceHeader.parseOrThrow(" root=" + ROOT + " ; PARENT=53995c3f42cd8ad8 ; sampled=0 ;");

        assertThat(h.root()).isEqualTo(ROOT);
        assertThat(h.sampled()).isEqualTo(TraceHeader.Sampling.NOT_SAMPLED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Sampled=?", "", "Sampled="})
    void parse_sampledUnknownOrMissing_isUnknownAndNotSampled(String sampled) {
        TraceHeader h = TraceHeader.parseOrThrow("Root=" + ROOT + ";" + sampled);

        assertThat(h.sampled()).isEqualTo(TraceHeader.Sampling.UNKNOWN);
        assertThat(h.isSampled()).isFalse();
        assertThat(h.parentId()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "Parent=53995c3f42cd8ad8;Sampled=1",                      // no root
            "Root=2-5759e988-bd862e3fe1be46a994272793",               // wrong version
            "Root=1-5759e98-bd862e3fe1be46a994272793",                // short epoch
            "Root=1-5759e988-bd862e3fe1be46a99427279",                // short random
            "Root=1-5759e988-bd862e3fe1be46a99427279z",               // not hex
            "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=xyz",    // bad parent
            "Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=yes",   // bad sampled
            "Root=1-5759e988-bd862e3fe1be46a994272793;garbage",       // not key=value
            "   ",
            "=;=;="})
    void parse_malformed_isEmptyAndParseOrThrowSaysWhy(String header) {
        assertThat(TraceHeader.parse(header)).isEmpty();
        assertThatThrownBy(() -> TraceHeader.parseOrThrow(header))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("trace header");
    }

    @Test
    void parse_null_isEmpty() {
        assertThat(TraceHeader.parse(null)).isEmpty();
    }

    @RepeatedTest(200)
    void roundTrip_generatedHeaders_parseBackEqual(RepetitionInfo info) {
        Random r = new Random(info.getCurrentRepetition());
        String root = "1-" + hex(r, 8) + "-" + hex(r, 24);
        String parent = r.nextBoolean() ? hex(r, 16) : null;
        TraceHeader.Sampling sampling = TraceHeader.Sampling.values()[r.nextInt(3)];
        Map<String, String> extra = new LinkedHashMap<>();
        if (r.nextBoolean()) {
            extra.put("Lineage", hex(r, 8) + ":" + r.nextInt(10));
        }
        TraceHeader original = new TraceHeader(root, parent, sampling, extra);

        TraceHeader parsed = TraceHeader.parseOrThrow(original.toHeaderString());

        assertThat(parsed).isEqualTo(original);
        assertThat(parsed.toHeaderString()).isEqualTo(original.toHeaderString());
    }

    @Test
    void withParent_keepsRootSamplingAndExtra() {
        TraceHeader h = TraceHeader.parseOrThrow("Root=" + ROOT + ";Parent=53995c3f42cd8ad8;Sampled=1;Lineage=x:1");

        TraceHeader child = h.withParent("0123456789abcdef");

        assertThat(child.toHeaderString()).isEqualTo("Root=" + ROOT + ";Parent=0123456789abcdef;Sampled=1;Lineage=x:1");
    }

    private static String hex(Random r, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(Character.forDigit(r.nextInt(16), 16));
        }
        return sb.toString();
    }
}
