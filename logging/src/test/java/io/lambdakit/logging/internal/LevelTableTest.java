package io.lambdakit.logging.internal;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LevelTableTest {

    @Test
    void levelFor_usesLongestPrefixOnNameBoundaries() {
        Map<String, Integer> prefixes = new LinkedHashMap<>();
        prefixes.put("com", Levels.WARN);
        prefixes.put("com.acme", Levels.DEBUG);
        prefixes.put("com.acme.Handler", Levels.ERROR);
        LevelTable t = new LevelTable(Levels.INFO, prefixes);

        assertThat(t.levelFor("com.acme.Handler")).isEqualTo(Levels.ERROR);
        assertThat(t.levelFor("com.acme.Handler$Inner")).isEqualTo(Levels.ERROR);
        assertThat(t.levelFor("com.acme.HandlerFactory")).isEqualTo(Levels.DEBUG);
        assertThat(t.levelFor("com.acme.orders.X")).isEqualTo(Levels.DEBUG);
        assertThat(t.levelFor("com.other")).isEqualTo(Levels.WARN);
        assertThat(t.levelFor("commons.X")).isEqualTo(Levels.INFO);
        assertThat(t.levelFor("org.x")).isEqualTo(Levels.INFO);
        assertThat(t.lowest()).isEqualTo(Levels.DEBUG);
    }

    @Test
    void parse_acceptsLambdaAndPowertoolsSpellings() {
        assertThat(Levels.parse(" warning ")).isEqualTo(Levels.WARN);
        assertThat(Levels.parse("Critical")).isEqualTo(Levels.ERROR);
        assertThat(Levels.parse("fatal")).isEqualTo(Levels.ERROR);
        assertThat(Levels.parse("off")).isEqualTo(Levels.OFF);
        assertThat(Levels.parse("UNDEFINED")).isEqualTo(Levels.INVALID);
        assertThat(Levels.parse(null)).isEqualTo(Levels.INVALID);
    }
}
