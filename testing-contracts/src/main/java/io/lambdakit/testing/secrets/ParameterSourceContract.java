package io.lambdakit.testing.secrets;

import io.lambdakit.secrets.RawValue;
import io.lambdakit.secrets.SecretsException;
import io.lambdakit.secrets.spi.ParameterRequest;
import io.lambdakit.secrets.spi.ParameterSource;
import io.lambdakit.testing.contracts.internal.Concurrently;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * What {@code Parameters} relies on from a {@link ParameterSource}: a stored parameter comes back exactly;
 * the source caches nothing (the cache in front of it decides the max age, so a rotated value is read at
 * once); a missing parameter throws a {@link SecretsException} of reason {@code NOT_FOUND} that names the id
 * and no value; fetches from many threads at once each get their own value; {@code describe()} says where
 * values come from. Extend it:
 *
 * <pre>{@code
 * class MySourceContractTest extends ParameterSourceContract {
 *     protected ParameterSource source() { return mySource; }
 *     protected void putParameter(String name, String value) { myStore.put(name, value); }
 * }
 * }</pre>
 */
public abstract class ParameterSourceContract {

    /** For subclasses. */
    protected ParameterSourceContract() {
    }

    /** @return the source under test, reading the store {@link #putParameter} writes to */
    protected abstract ParameterSource source();

    /**
     * Stores or replaces a (secure string) parameter in the store the source reads.
     *
     * @param name  the parameter name
     * @param value its value
     */
    protected abstract void putParameter(String name, String value);

    @Test
    void fetch_storedParameter_returnsItsValueExactly() {
        String id = id("db");
        putParameter(id, "{\"user\":\"orders\",\"password\":\"p4ss wörd\"}");

        RawValue value = source().fetch(new ParameterRequest(id, null, null, true));

        assertEquals("{\"user\":\"orders\",\"password\":\"p4ss wörd\"}", value.text().orElseThrow());
        assertFalse(value.isBinary(), "a parameter is not binary");
    }

    @Test
    void fetch_afterRotation_returnsTheNewValue() {
        String id = id("rotated");
        putParameter(id, "old-value");
        source().fetch(new ParameterRequest(id, null, null, true));

        putParameter(id, "new-value");
        RawValue value = source().fetch(new ParameterRequest(id, null, null, true));

        assertEquals("new-value", value.text().orElseThrow(), "the source must not cache");
    }

    @Test
    void fetch_missingParameter_throwsNotFoundNamingTheIdAndNoValue() {
        String present = id("present");
        putParameter(present, "value-that-must-not-leak");
        String missing = id("missing");

        SecretsException e = assertThrows(SecretsException.class,
                () -> source().fetch(new ParameterRequest(missing, null, null, true)));

        assertEquals(SecretsException.Reason.NOT_FOUND, e.reason());
        assertEquals(missing, e.id());
        assertFalse(String.valueOf(e.getMessage()).contains("value-that-must-not-leak"), "the message holds no value");
    }

    @Test
    void fetch_manyThreadsAtOnce_eachGetsItsOwnValue() throws Exception {
        int threads = 8;
        int rounds = 20;
        List<List<String>> ids = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            String id = id("concurrent-" + t);
            putParameter(id, "value-" + t);
            ids.add(Collections.nCopies(rounds, id));
        }

        List<List<String>> values = Concurrently.map(ids, id -> source().fetch(new ParameterRequest(id, null, null, true)).text().orElseThrow());

        for (int t = 0; t < threads; t++) {
            for (String got : values.get(t)) {
                assertEquals("value-" + t, got);
            }
        }
    }

    @Test
    void describe_saysWhereValuesComeFrom() {
        String description = source().describe();

        assertFalse(description == null || description.isBlank(), "describe() is used in every failure message");
    }

    private static String id(String name) {
        return "/contract/" + name + "-" + UUID.randomUUID();
    }
}
