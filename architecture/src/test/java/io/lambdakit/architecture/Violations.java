package io.lambdakit.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** One failure per rule, listing every violation, so a single build shows everything there is to fix. */
final class Violations {

    private Violations() {
    }

    /** Fails with every violation of every rule in {@code rules}, or returns when there is none. */
    static void check(String rule, List<ArchRule> rules, JavaClasses classes) {
        List<String> reports = new ArrayList<>();
        for (ArchRule each : rules) {
            EvaluationResult result = each.evaluate(classes);
            if (result.hasViolation()) {
                reports.add(result.getFailureReport().toString());
            }
        }
        if (!reports.isEmpty()) {
            throw new AssertionError(rule + ":\n" + String.join("\n\n", reports));
        }
    }

    /** Fails listing {@code violations} (one per line, under {@code rule}), or returns when there is none. */
    static void check(String rule, Collection<String> violations) {
        if (!violations.isEmpty()) {
            StringBuilder message = new StringBuilder(rule).append(" (").append(violations.size()).append("):");
            for (String violation : violations) {
                message.append("\n  ").append(violation);
            }
            throw new AssertionError(message.toString());
        }
    }
}
