package io.lambdakit.tracing.internal;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class DaemonAddressTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "127.0.0.1:2000                                 | 127.0.0.1     | 2000",
            "169.254.79.129:2000                            | 169.254.79.129 | 2000",
            "xray.local:2001                                | xray.local    | 2001",
            "tcp:127.0.0.1:2000 udp:127.0.0.2:2001          | 127.0.0.2     | 2001",
            "udp:10.0.0.1:3000 tcp:10.0.0.1:2000            | 10.0.0.1      | 3000",
            "udp:127.0.0.1:2000                             | 127.0.0.1     | 2000",
            "[::1]:2000                                     | ::1           | 2000"})
    void parse_acceptedForms(String value, String host, int port) {
        assertThat(DaemonAddress.parse(value)).contains(new DaemonAddress(host, port));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "127.0.0.1", "127.0.0.1:", ":2000", "127.0.0.1:0", "127.0.0.1:65536", "127.0.0.1:two",
            "tcp:127.0.0.1:2000", "tcp:a:1 tcp:b:2", "a:1 b:2 c:3", "::1:2000"})
    void parse_malformed_isEmpty(String value) {
        assertThat(DaemonAddress.parse(value)).isEmpty();
    }
}
