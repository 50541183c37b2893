package io.lambdakit.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import io.lambdakit.testing.Conformance;

import java.util.List;

/**
 * The EMF specification as a test oracle: lambdakit-testing's shipped {@link Conformance} validator (the
 * specification's JSON schema plus the target-member rules and CloudWatch limits the schema cannot express),
 * so this module's tests check exactly what users can check on their own functions.
 */
public final class EmfSpec {

    private EmfSpec() {
    }

    /**
     * @param blob a parsed EMF document
     * @return every violation of the specification found, empty when valid
     */
    public static List<String> violations(JsonNode blob) {
        return Conformance.emfViolations(blob);
    }

    /**
     * @param blob a parsed EMF document
     * @throws AssertionError listing the violations, when it breaks the specification
     */
    public static void requireValid(JsonNode blob) {
        List<String> v = violations(blob);
        if (!v.isEmpty()) {
            throw new AssertionError("EMF blob violates the specification: " + v + "\n" + blob);
        }
    }
}
