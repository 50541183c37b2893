package io.lambdakit.metrics;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The oracle itself: the schema and target-member checks accept the specification's example and reject each broken rule. */
class EmfSpecTest {

    static final String EXAMPLE = "{'_aws':{'Timestamp':1574109732004,'CloudWatchMetrics':[{'Namespace':'lambda-function-metrics',"
            + "'Dimensions':[['functionVersion']],'Metrics':[{'Name':'time','Unit':'Milliseconds','StorageResolution':60}]}]},"
            + "'functionVersion':'$LATEST','time':100,'requestId':'989ffbf8-9ace-4817-a57c-e4dd734019ee'}";

    static String metrics(int n) {
        return IntStream.range(0, n).mapToObj(i -> "{'Name':'m" + i + "'}").collect(Collectors.joining(","));
    }

    static String members(int n) {
        return IntStream.range(0, n).mapToObj(i -> "'m" + i + "':1").collect(Collectors.joining(","));
    }

    static String keys(int n) {
        return IntStream.range(0, n).mapToObj(i -> "'d" + i + "'").collect(Collectors.joining(","));
    }

    static String keyMembers(int n) {
        return IntStream.range(0, n).mapToObj(i -> "'d" + i + "':'v'").collect(Collectors.joining(","));
    }

    static Stream<Arguments> broken() {
        String values101 = IntStream.range(0, 101).mapToObj(Integer::toString).collect(Collectors.joining(","));
        return Stream.of(
                Arguments.of("no _aws", "{'time':1}"),
                Arguments.of("no Timestamp", "{'_aws':{'CloudWatchMetrics':[]}}"),
                Arguments.of("fractional Timestamp", "{'_aws':{'Timestamp':1.5,'CloudWatchMetrics':[]}}"),
                Arguments.of("no Namespace", "{'_aws':{'Timestamp':1,'CloudWatchMetrics':[{'Dimensions':[[]],'Metrics':[]}]}}"),
                Arguments.of("empty Namespace", "{'_aws':{'Timestamp':1,'CloudWatchMetrics':[{'Namespace':'','Dimensions':[[]],'Metrics':[]}]}}"),
                Arguments.of("no dimension set", "{'_aws':{'Timestamp':1,'CloudWatchMetrics':[{'Namespace':'n','Dimensions':[],'Metrics':[]}]}}"),
                Arguments.of("31 dimensions", "{'_aws':{'Timestamp':1,'CloudWatchMetrics':[{'Namespace':'n','Dimensions':[[" + keys(31)
                        + "]],'Metrics':[]}]}," + keyMembers(31) + "}"),
                Arguments.of("101 metrics", "{'_aws':{'Timestamp':1,'CloudWatchMetrics':[{'Namespace':'n','Dimensions':[[]],'Metrics':["
                        + metrics(101) + "]}]}," + members(101) + "}"),
                Arguments.of("unknown unit", "{'_aws':{'Timestamp':1,'CloudWatchMetrics':[{'Namespace':'n','Dimensions':[[]],'Metrics':[{'Name':'m','Unit':'Furlongs'}]}]},'m':1}"),
                Arguments.of("resolution 5", "{'_aws':{'Timestamp':1,'CloudWatchMetrics':[{'Namespace':'n','Dimensions':[[]],'Metrics':[{'Name':'m','StorageResolution':5}]}]},'m':1}"),
                Arguments.of("missing metric target", "{'_aws':{'Timestamp':1,'CloudWatchMetrics':[{'Namespace':'n','Dimensions':[[]],'Metrics':[{'Name':'m'}]}]}}"),
                Arguments.of("string metric target", "{'_aws':{'Timestamp':1,'CloudWatchMetrics':[{'Namespace':'n','Dimensions':[[]],'Metrics':[{'Name':'m'}]}]},'m':'1'}"),
                Arguments.of("101 values", "{'_aws':{'Timestamp':1,'CloudWatchMetrics':[{'Namespace':'n','Dimensions':[[]],'Metrics':[{'Name':'m'}]}]},'m':[" + values101 + "]}"),
                Arguments.of("missing dimension target", "{'_aws':{'Timestamp':1,'CloudWatchMetrics':[{'Namespace':'n','Dimensions':[['d']],'Metrics':[]}]}}"),
                Arguments.of("numeric dimension target", "{'_aws':{'Timestamp':1,'CloudWatchMetrics':[{'Namespace':'n','Dimensions':[['d']],'Metrics':[]}]},'d':1}"),
                Arguments.of("duplicate metric", "{'_aws':{'Timestamp':1,'CloudWatchMetrics':[{'Namespace':'n','Dimensions':[[]],'Metrics':[{'Name':'m'},{'Name':'m'}]}]},'m':1}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("broken")
    void violations_brokenDocument_areReported(String rule, String json) {
        assertThat(EmfSpec.violations(EmfOutput.parse(json.replace('\'', '"')))).as(rule).isNotEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void violations_validDocument_areNone(String what, String json) {
        assertThat(EmfSpec.violations(EmfOutput.parse(json.replace('\'', '"')))).as(what).isEmpty();
    }

    static Stream<Arguments> valid() {
        return Stream.of(
                Arguments.of("the specification's example", EXAMPLE),
                Arguments.of("30 dimensions, 100 metrics, 100 values", "{'_aws':{'Timestamp':1,'CloudWatchMetrics':[{'Namespace':'n','Dimensions':[["
                        + keys(30) + "]],'Metrics':[" + metrics(100) + "]}]}," + keyMembers(30) + "," + members(99) + ",'m99':["
                        + IntStream.range(0, 100).mapToObj(Integer::toString).collect(Collectors.joining(",")) + "]}"));
    }
}
