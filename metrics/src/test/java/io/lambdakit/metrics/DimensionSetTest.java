package io.lambdakit.metrics;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DimensionSetTest {

    @Test
    void of_keepsInsertionOrder() {
        DimensionSet set = DimensionSet.of("b", "1", "a", "2", "c", "3");

        assertThat(set.keys()).containsExactly("b", "a", "c");
        assertThat(set.get("a")).contains("2");
        assertThat(set.size()).isEqualTo(3);
    }

    @Test
    void with_existingKey_replacesValueInPlace() {
        DimensionSet set = DimensionSet.of("a", "1", "b", "2").with("a", "9");

        assertThat(set.asMap()).containsExactly(Map.entry("a", "9"), Map.entry("b", "2"));
    }

    @Test
    void with_otherSet_mergesWithOtherWinning() {
        DimensionSet set = DimensionSet.of("a", "1", "b", "2").with(DimensionSet.of("b", "3", "c", "4"));

        assertThat(set.keys()).containsExactly("a", "b", "c");
        assertThat(set.get("b")).contains("3");
    }

    @Test
    void asMap_isUnmodifiableAndDetachedFromTheSource() {
        LinkedHashMap<String, String> source = new LinkedHashMap<>(Map.of("a", "1"));
        DimensionSet set = DimensionSet.of(source);
        source.put("b", "2");

        assertThat(set.keys()).isEqualTo(List.of("a"));
        assertThatThrownBy(() -> set.asMap().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void equals_sameDimensions_areEqual() {
        assertThat(DimensionSet.of("a", "1")).isEqualTo(DimensionSet.builder().add("a", "1").build()).hasSameHashCodeAs(DimensionSet.of("a", "1"));
        assertThat(DimensionSet.builder().build()).isSameAs(DimensionSet.empty());
    }

    @Test
    void of_invalidValue_throwsNamingTheKey() {
        assertThatThrownBy(() -> DimensionSet.of("Region", ""))
                .isInstanceOf(MetricsValidationException.class)
                .hasMessage("dimension 'Region' has a blank value; dimension values must have at least one visible character");
    }
}
