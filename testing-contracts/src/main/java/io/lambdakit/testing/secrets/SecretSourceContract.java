package io.lambdakit.testing.secrets;

import io.lambdakit.secrets.RawValue;
import io.lambdakit.secrets.SecretsException;
import io.lambdakit.secrets.spi.SecretRequest;
import io.lambdakit.secrets.spi.SecretSource;
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
 * What {@code Secrets} relies on from a {@link SecretSource}: a stored text secret comes back exactly;
 * the source caches nothing (the cache in front of it decides the max age, so a rotated value is read at
 * once); a missing secret throws a {@link SecretsException} of reason {@code NOT_FOUND} that names the id
 * and no value; fetches from many threads at once each get their own value; {@code describe()} says where
 * values come from. Extend it:
 *
 * <pre>{@code
 * class MySourceContractTest extends SecretSourceContract {
 *     protected SecretSource source() { return mySource; }
 *     protected void putSecret(String id, String value) { myStore.put(id, value); }
 * }
 * }</pre>
 */
public abstract class SecretSourceContract {

    /** For subclasses. */
    protected SecretSourceContract() {
    }

    /** @return the source under test, reading the store {@link #putSecret} writes to */
    protected abstract SecretSource source();

    /**
     * Stores or replaces a text secret (its current version) in the store the source reads.
     *
     * @param id    the secret id
     * @param value the secret string
     */
    protected abstract void putSecret(String id, String value);

    @Test
    void fetch_storedSecret_returnsItsTextExactly() {
        String id = id("db");
        putSecret(id, "{\"user\":\"orders\",\"password\":\"p4ss wörd\"}");

        RawValue value = source().fetch(new SecretRequest(id, null, null));

        assertEquals("{\"user\":\"orders\",\"password\":\"p4ss wörd\"}", value.text().orElseThrow());
        assertFalse(value.isBinary(), "a text secret is not binary");
    }

    @Test
    void fetch_afterRotation_returnsTheNewValue() {
        String id = id("rotated");
        putSecret(id, "old-value");
        source().fetch(new SecretRequest(id, null, null));

        putSecret(id, "new-value");
        RawValue value = source().fetch(new SecretRequest(id, null, null));

        assertEquals("new-value", value.text().orElseThrow(), "the source must not cache");
    }

    @Test
    void fetch_missingSecret_throwsNotFoundNamingTheIdAndNoValue() {
        String present = id("present");
        putSecret(present, "value-that-must-not-leak");
        String missing = id("missing");

        SecretsException e = assertThrows(SecretsException.class,
                () -> source().fetch(new SecretRequest(missing, null, null)));

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
            putSecret(id, "value-" + t);
            ids.add(Collections.nCopies(rounds, id));
        }

        List<List<String>> values = Concurrently.map(ids, id -> source().fetch(new SecretRequest(id, null, null)).text().orElseThrow());

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
        return "contract/" + name + "-" + UUID.randomUUID();
    }
}
