package io.lambdakit.testing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each rule of the shipped validators, on a valid document and on that document broken one way. */
class ConformanceTest {

    /** Single quotes stand for double quotes. */
    private static String q(String s) {
        return s.replace('\'', '"');
    }

    static final String EMF = q("{'_aws':{'Timestamp':1714564800000,'CloudWatchMetrics':[{'Namespace':'Shop',"
            + "'Dimensions':[['Service']],'Metrics':[{'Name':'OrderPlaced','Unit':'Count'}]}]},'Service':'orders','OrderPlaced':1}");

    static final String LOG = q("{'timestamp':'2026-11-22T10:15:30.123Z','level':'INFO','message':'hi','logger':'com.acme.H',"
            + "'service':'orders','cold_start':true,'function_memory_size':512}");

    static final String SEGMENT = q("{'name':'orders','id':'70de5b6f19ff9a0a','trace_id':'1-5759e988-bd862e3fe1be46a994272793',"
            + "'start_time':1.4806152E9,'end_time':1.48061521E9,'subsegments':[{'name':'db','id':'70de5b6f19ff9a0b',"
            + "'start_time':1.4806152E9,'end_time':1.480615201E9}]}");

    @Test
    void validEmf_hasNoViolations() {
        assertThat(Conformance.emfViolations(EMF)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "namespace starting with ':'   | 'Namespace':'Shop'         | 'Namespace':':Shop'                 | starts with ':'",
        "namespace with other chars    | 'Namespace':'Shop'         | 'Namespace':'Sh\\u00f6p'            | contains U+00F6",
        "namespace AWS/                | 'Namespace':'Shop'         | 'Namespace':'AWS/Lambda'            | reserves",
        "value 1.0E300                 | 'OrderPlaced':1}           | 'OrderPlaced':1.0E300}              | 2^-360 to 2^360",
        "value 1.0E-300                | 'OrderPlaced':1}           | 'OrderPlaced':[1,1.0E-300]}         | 2^-360 to 2^360",
        "value not a number            | 'OrderPlaced':1}           | 'OrderPlaced':'1'}                  | not a number",
        "name with \\n                 | 'Name':'OrderPlaced'       | 'Name':'Order\\nPlaced'             | line terminator U+000A",
        "name with U+2028              | 'Name':'OrderPlaced'       | 'Name':'Order\\u2028Placed'         | line terminator U+2028",
        "dimension with U+0085         | [['Service']]              | [['Serv\\u0085ice']]                | line terminator U+0085",
        "missing metric member         | 'OrderPlaced':1}           | 'Other':1}                          | no root member",
        "missing dimension member      | 'Service':'orders',        | 'Svc':'orders',                     | no such root member",
        "dimension not a string        | 'Service':'orders'         | 'Service':7                         | not a string",
        "storage resolution 5          | 'Unit':'Count'}            | 'Unit':'Count','StorageResolution':5} | 1 or 60",
        "unit unknown                  | 'Unit':'Count'             | 'Unit':'Things'                     | schema",
        "duplicate key                 | 'Service':'orders',        | 'Service':'orders','Service':'x',   | Duplicate field",
        "NaN literal                   | 'OrderPlaced':1}           | 'OrderPlaced':NaN}                  | strict JSON",
        "escaped lone surrogate        | 'Service':'orders'         | 'Service':'or\\ud800ders'           | surrogate",
        "raw control character         | 'Service':'orders'         | 'Service':'or\tders'                | strict JSON",
        "no timestamp                  | 'Timestamp':1714564800000, | \"\"                                  | schema",
    })
    void brokenEmf_isNamed(String rule, String from, String to, String expected) {
        String broken = EMF.replace(q(from), q(to));
        assertThat(broken).as("fixture edit for " + rule).isNotEqualTo(EMF);

        List<String> violations = Conformance.emfViolations(broken);

        assertThat(violations).as(rule).anySatisfy(v -> assertThat(v).contains(expected));
    }

    @Test
    void emf_counts_areLimited() {
        StringBuilder metrics = new StringBuilder();
        StringBuilder members = new StringBuilder();
        for (int i = 0; i < 101; i++) {
            metrics.append(i == 0 ? "" : ",").append(q("{'Name':'m" + i + "'}"));
            members.append(q(",'m" + i + "':1"));
        }
        StringBuilder dims = new StringBuilder();
        for (int i = 0; i < 31; i++) {
            dims.append(i == 0 ? "" : ",").append(q("'d" + i + "'"));
            members.append(q(",'d" + i + "':'v'"));
        }
        String blob = q("{'_aws':{'Timestamp':1,'CloudWatchMetrics':[{'Namespace':'N','Dimensions':[[") + dims + "]],"
                + q("'Metrics':[") + metrics + "]}]}" + members + "}";

        assertThat(Conformance.emfViolations(blob))
                .anySatisfy(v -> assertThat(v).contains("101 metric definitions"))
                .anySatisfy(v -> assertThat(v).contains("schema").contains("30"));
    }

    @Test
    void emf_overOneMegabyte_isNamed() {
        String big = EMF.replace(q("'Service':'orders'"), q("'Service':'orders','pad':'") + "x".repeat(1024 * 1024) + "\"");

        assertThat(Conformance.emfViolations(big)).anySatisfy(v -> assertThat(v).contains("at most 1048576"));
    }

    @Test
    void assertEmf_namesEveryViolationOfEveryLine() {
        String bad1 = EMF.replace("'Shop'".replace('\'', '"'), q("':Shop'"));
        String bad2 = EMF.replace(q("'OrderPlaced':1}"), q("'OrderPlaced':1e300}"));

        assertThatThrownBy(() -> Conformance.assertEmf(List.of(EMF, bad1, bad2)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("EMF line 1: CloudWatchMetrics[0].Namespace ':Shop' starts with ':'")
                .hasMessageContaining("EMF line 2: metric 'OrderPlaced' has value 1E+300");
    }

    @Test
    void validLogLine_hasNoViolations() {
        assertThat(Conformance.logLineViolations(LOG)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "no service              | ,'service':'orders'           | \"\"                                      | has no 'service'",
        "keys reordered          | 'message':'hi','logger':'com.acme.H' | 'logger':'com.acme.H','message':'hi' | not where",
        "level unknown           | 'INFO'                        | 'info'                                  | not one of",
        "timestamp with offset   | '2026-11-22T10:15:30.123Z'    | '2026-11-22T10:15:30.123+01:00'         | not UTC",
        "cold_start as string    | 'cold_start':true             | 'cold_start':'true'                     | not a boolean",
        "duplicate key           | 'cold_start':true             | 'cold_start':true,'cold_start':false    | Duplicate field",
        "unpaired surrogate      | 'hi'                          | 'h\\udc00i'                             | surrogate",
        "error without stack     | 'cold_start':true             | 'error':{'name':'E'}                    | no string 'stack'",
        "trailing garbage        | 512}                          | 512}}                                   | strict JSON",
    })
    void brokenLogLine_isNamed(String rule, String from, String to, String expected) {
        String broken = LOG.replace(q(from), q(to));
        assertThat(broken).as("fixture edit for " + rule).isNotEqualTo(LOG);

        assertThat(Conformance.logLineViolations(broken)).as(rule).anySatisfy(v -> assertThat(v).contains(expected));
    }

    @Test
    void logLine_withRawLineBreak_isNamed() {
        String broken = LOG.replace(q("'hi'"), q("'h\ni'"));

        assertThat(Conformance.logLineViolations(broken)).anySatisfy(v -> assertThat(v).contains("raw line break"));
    }

    @Test
    void validDatagram_hasNoViolations() {
        assertThat(Conformance.xrayDatagramViolations(datagram("{\"format\":\"json\",\"version\":1}", SEGMENT))).isEmpty();
        assertThat(Conformance.xrayDatagramViolations(datagram(LocalXRayDaemon.HEADER, SEGMENT))).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "name with a bracket     | 'name':'orders'                 | 'name':'orders[1]'                 | is not 1 to 200",
        "trace id version 2      | '1-5759e988                     | '2-5759e988                        | version 1",
        "no end_time             | ,'end_time':1.48061521E9        | \"\"                                 | neither end_time",
        "ends before it starts   | 'end_time':1.480615201E9        | 'end_time':1.4806151E9             | before it starts",
        "annotation key with dot | 'subsegments'                   | 'annotations':{'a.b':1},'subsegments' | schema",
        "metadata not object     | 'subsegments'                   | 'metadata':{'default':1},'subsegments' | schema",
        "short id                | '70de5b6f19ff9a0a'              | '70de5b6f19ff9a0'                  | schema",
    })
    void brokenSegment_isNamed(String rule, String from, String to, String expected) {
        String broken = SEGMENT.replace(q(from), q(to));
        assertThat(broken).as("fixture edit for " + rule).isNotEqualTo(SEGMENT);

        assertThat(Conformance.xrayDatagramViolations(datagram(LocalXRayDaemon.HEADER, broken)))
                .as(rule).anySatisfy(v -> assertThat(v).contains(expected));
    }

    @Test
    void datagram_protocolErrors_areNamed() {
        assertThat(Conformance.xrayDatagramViolations(SEGMENT.getBytes(StandardCharsets.UTF_8)))
                .anySatisfy(v -> assertThat(v).contains("no header line"));
        assertThat(Conformance.xrayDatagramViolations(datagram("{\"format\":\"json\",\"version\":2}", SEGMENT)))
                .anySatisfy(v -> assertThat(v).contains("header line"));
        byte[] invalidUtf8 = datagram(LocalXRayDaemon.HEADER, SEGMENT);
        invalidUtf8[invalidUtf8.length - 3] = (byte) 0xC3;
        assertThat(Conformance.xrayDatagramViolations(invalidUtf8)).anySatisfy(v -> assertThat(v).contains("UTF-8"));
        String huge = SEGMENT.replace(q("'subsegments'"), q("'metadata':{'default':{'x':'") + "y".repeat(70_000) + q("'}},'subsegments'"));
        assertThat(Conformance.xrayDatagramViolations(datagram(LocalXRayDaemon.HEADER, huge)))
                .anySatisfy(v -> assertThat(v).contains("at most 65536"));
    }

    @Test
    void outputViolations_classifyLines_andSkipPlainText() {
        List<String> output = List.of("START RequestId: x", LOG, EMF, LOG.replace(q("'INFO'"), q("'LOUD'")),
                EMF.replace(q("'Shop'"), q("':Shop'")));

        assertThat(Conformance.outputViolations(output)).hasSize(2)
                .anySatisfy(v -> assertThat(v).startsWith("log line 3: level 'LOUD'"))
                .anySatisfy(v -> assertThat(v).startsWith("EMF line 4: CloudWatchMetrics[0].Namespace"));
    }

    private static byte[] datagram(String header, String document) {
        return (header + "\n" + document).getBytes(StandardCharsets.UTF_8);
    }
}
