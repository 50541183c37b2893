package io.lambdakit.tracing;

import io.lambdakit.core.ConfigurationException;
import io.lambdakit.tracing.internal.Names;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TraceOptionsTest {

    // X-Ray's pattern [\p{L}\p{Z}\p{N}_.:/%&#=+\-@]: its \- is an escaped hyphen, so no backslash
    private static final String NAME_RULE = "^[\\p{L}\\p{N}\\p{Zs}_.:/%&#=+@-]{1,200}$";

    @Test
    void of_namesTheSubsegmentLikeTheAnnotation() {
        TraceOptions o = TraceOptions.of("chargeCard");

        assertThat(o.segmentName()).isEqualTo("## chargeCard");
        assertThat(o.name()).isEqualTo("chargeCard");
        assertThat(o.namespace()).isEmpty();
        assertThat(o.captureMode()).isEqualTo(CaptureMode.ENVIRONMENT_VAR);
    }

    @Test
    void builder_explicitSegmentNameAndNamespace_areKept() {
        TraceOptions o = TraceOptions.builder("charge").segmentName("Payments: charge").namespace("payments").build();

        assertThat(o.segmentName()).isEqualTo("Payments: charge");
        assertThat(o.namespace()).contains("payments");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  "})
    void builder_blankName_throwsSayingWhatToDo(String name) {
        assertThatThrownBy(() -> TraceOptions.of(name)).isInstanceOf(ConfigurationException.class).hasMessageContaining("needs a name");
    }

    @Test
    void builder_reservedNamespace_throws() {
        assertThatThrownBy(() -> TraceOptions.builder("x").namespace("AWS.mine")).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("reserves");
    }

    static Stream<String> generatedNames() {
        Random r = new Random(7);
        String alphabet = "aZ9_ .:/%&#=+\\-@$!?()[]{}<>|\"'\t\n\u00e9\u4e2d\u2028\u00b2\u2167\u00a0\ud83d\ude00\ud835\udc00";
        return IntStream.range(0, 300).mapToObj(i -> {
            StringBuilder sb = new StringBuilder();
            int n = r.nextInt(i % 10 == 0 ? 400 : 30) + 1;
            for (int k = 0; k < n; k++) {
                sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
            }
            return sb.toString();
        });
    }

    @ParameterizedTest
    @MethodSource("generatedNames")
    void sanitize_generatedName_followsXRayRules_andIsStable(String raw) {
        String once = Names.sanitize(raw);

        assertThat(once).matches(NAME_RULE);
        assertThat(Names.sanitize(once)).isEqualTo(once);
        if (raw.strip().matches(NAME_RULE)) {
            assertThat(once).isEqualTo(raw.strip());
        }
    }

    @Test
    void sanitize_lambdaMethodNames_replaceTheDollar() {
        assertThat(TraceOptions.of("lambda$handle$0").segmentName()).isEqualTo("## lambda_handle_0");
    }

    @Test
    void annotationKeys_followXRayRules() {
        assertThat(Names.isValidAnnotationKey("order_id_2")).isTrue();
        assertThat(Names.isValidAnnotationKey("order-id")).isFalse();
        assertThat(Names.isValidAnnotationKey("order.id")).isFalse();
        assertThat(Names.isValidAnnotationKey("")).isFalse();
        assertThat(Names.isValidAnnotationKey("k".repeat(501))).isFalse();
    }
}
