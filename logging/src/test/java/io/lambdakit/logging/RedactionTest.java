package io.lambdakit.logging;

import io.lambdakit.testing.MutableClock;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.MDC;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RedactionTest {

    private static final String SECRET = "s3cr3t-Value-42";
    private final CapturingSink sink = new CapturingSink();

    record Credentials(String user, String secretAccessKey, Map<String, String> extra) {
    }

    @AfterEach
    void clearMdc() {
        MDC.clear();
    }

    @ParameterizedTest
    @ValueSource(strings = {"password", "Password", "db_password", "PASSWD", "clientSecret", "access_token", "nextToken",
            "Authorization", "x-api-key", "apiKey", "API_KEY", "Cookie", "set-cookie", "awsCredentials", "private_key", "privateKey"})
    void defaultKeys_maskKeyValues_inAnySpelling(String key) {
        LogOutput out = TestOutputs.output(sink, Map.of());

        out.logger("h").atInfo().addKeyValue(key, SECRET).addKeyValue("user", "alice").log("login");

        JsonNode line = sink.only("login");
        assertThat(line.get(key).asText()).isEqualTo("[REDACTED]");
        assertThat(line.get("user").asText()).isEqualTo("alice");
        assertThat(String.join("", sink.writes())).doesNotContain(SECRET);
    }

    @Test
    void mdcValues_areMasked() {
        LogOutput out = TestOutputs.output(sink, Map.of());
        MDC.put("Authorization", "Bearer " + SECRET);
        MDC.put("tenant", "t1");

        out.logger("h").info("call");

        assertThat(sink.only("call").get("Authorization").asText()).isEqualTo("[REDACTED]");
        assertThat(sink.only("call").get("tenant").asText()).isEqualTo("t1");
        assertThat(String.join("", sink.writes())).doesNotContain(SECRET);
    }

    @Test
    void nestedMembers_ofMapsListsAndPojos_areMaskedAtAnyDepth() {
        LogOutput out = TestOutputs.output(sink, Map.of());
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("name", "n");
        inner.put("apiKey", SECRET);
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("users", List.of(inner, Map.of("password", SECRET)));
        payload.put("creds", new Credentials("bob", SECRET, Map.of("sessionToken", SECRET, "region", "eu-west-1")));

        out.logger("h").atInfo().addKeyValue("payload", payload).log("nested");

        JsonNode p = sink.only("nested").get("payload");
        assertThat(p.at("/users/0/name").asText()).isEqualTo("n");
        assertThat(p.at("/users/0/apiKey").asText()).isEqualTo("[REDACTED]");
        assertThat(p.at("/users/1/password").asText()).isEqualTo("[REDACTED]");
        assertThat(p.at("/creds/user").asText()).isEqualTo("bob");
        assertThat(p.at("/creds/secretAccessKey").asText()).isEqualTo("[REDACTED]");
        assertThat(p.at("/creds/extra/sessionToken").asText()).isEqualTo("[REDACTED]");
        assertThat(p.at("/creds/extra/region").asText()).isEqualTo("eu-west-1");
        assertThat(String.join("", sink.writes())).doesNotContain(SECRET);
    }

    @Test
    void loggedEvent_masksHeadersAndJsonInsideTheBodyString() {
        LogOutput out = TestOutputs.output(sink, Map.of());
        APIGatewayProxyRequestEvent event = new APIGatewayProxyRequestEvent()
                .withHttpMethod("POST")
                .withHeaders(Map.of("Authorization", "Bearer " + SECRET, "Content-Type", "application/json"))
                .withBody("{\"user\":\"alice\",\"password\":\"" + SECRET + "\",\"nested\":{\"token\":\"" + SECRET + "\"}}");

        LambdaLogging.builder().output(out).logEvent(true).build().execute(TestOutputs.context("r1"), event, () -> "ok");

        JsonNode e = sink.only("Handler Event").get("event");
        assertThat(e.at("/headers/Authorization").asText()).isEqualTo("[REDACTED]");
        assertThat(e.at("/headers/Content-Type").asText()).isEqualTo("application/json");
        assertThat(e.get("body").isTextual()).as("the body stays a string").isTrue();
        JsonNode body = CapturingSink.parse(e.get("body").asText());
        assertThat(body.get("user").asText()).isEqualTo("alice");
        assertThat(body.get("password").asText()).isEqualTo("[REDACTED]");
        assertThat(body.at("/nested/token").asText()).isEqualTo("[REDACTED]");
        assertThat(String.join("", sink.writes())).doesNotContain(SECRET);
    }

    @Test
    void customKeys_fromBuilderAndEnvironment_addToTheDefaults() {
        LogOutput out = TestOutputs.output(sink, Map.of("LAMBDAKIT_LOG_REDACT_KEYS", "iban, card_number"),
                MutableClock.at(TestOutputs.T0), b -> b.redactKeys("ssn").redactionMask("***"));

        out.logger("h").atInfo().addKeyValue("IBAN", "FR76").addKeyValue("cardNumber", "4111").addKeyValue("ssn", "123")
                .addKeyValue("password", "p").addKeyValue("amount", 3).log("pay");

        JsonNode line = sink.only("pay");
        assertThat(line.get("IBAN").asText()).isEqualTo("***");
        assertThat(line.get("cardNumber").asText()).isEqualTo("***");
        assertThat(line.get("ssn").asText()).isEqualTo("***");
        assertThat(line.get("password").asText()).isEqualTo("***");
        assertThat(line.get("amount").intValue()).isEqualTo(3);
    }

    @Test
    void defaultsTurnedOff_onlyConfiguredKeysAreMasked() {
        LogOutput out = TestOutputs.output(sink, Map.of(), MutableClock.at(TestOutputs.T0),
                b -> b.redactDefaultKeys(false).redactKeys("pin"));

        out.logger("h").atInfo().addKeyValue("password", "visible").addKeyValue("pin", "1234").log("x");

        assertThat(sink.only("x").get("password").asText()).isEqualTo("visible");
        assertThat(sink.only("x").get("pin").asText()).isEqualTo("[REDACTED]");
    }

    @Test
    void reservedKeys_areNeverMasked() {
        LogOutput out = TestOutputs.output(sink, Map.of("POWERTOOLS_SERVICE_NAME", "token-service"),
                MutableClock.at(TestOutputs.T0), b -> b.redactKeys("service", "function"));

        LambdaLogging.builder().output(out).build().execute(TestOutputs.context("r1"), () -> {
            out.logger("h").info("hello");
            return null;
        });

        JsonNode line = sink.only("hello");
        assertThat(line.get("service").asText()).isEqualTo("token-service");
        assertThat(line.get("function_name").asText()).isEqualTo(TestOutputs.FUNCTION);
    }
}
