package io.lambdakit.architecture;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaModifier;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

/**
 * Rule (a) of CONTRIBUTING.md, "Packages and visibility": internal types are package-private unless
 * another package needs them, and each public one is recorded with its reason in
 * {@code public-internals.txt} (aspects, which woven user code calls; {@code ServiceLoader} providers;
 * classes loaded by name; types another package of the module uses). The file must stay true: an entry
 * for a type that is no longer public, or no longer exists, fails too.
 */
class PublicInternalsArchitectureTest {

    static final String FILE = "public-internals.txt";

    @Test
    void publicTypesInInternalPackages_areRecordedWithAReason() {
        Map<String, String> recorded = recorded(new ArrayList<>());
        List<String> violations = new ArrayList<>();

        for (String type : publicInternalTypes()) {
            if (!recorded.containsKey(type)) {
                violations.add(type + ": make it package-private, or record why it must be public in architecture/src/test/resources/" + FILE);
            }
        }

        Violations.check("public types in internal packages without a recorded reason", violations);
    }

    @Test
    void recordedPublicInternals_existArePublicAndAreWellFormed() {
        List<String> violations = new ArrayList<>();
        Map<String, String> recorded = recorded(violations);
        Set<String> exported = publicInternalTypes();

        for (String type : recorded.keySet()) {
            Optional<JavaClass> found = Codebase.find(type);
            if (found.isEmpty()) {
                found = nested(type);
            }
            if (found.isEmpty()) {
                violations.add(type + " does not exist (any more): remove its line from " + FILE);
            } else if (!exported.contains(type)) {
                violations.add(type + " is not public in an internal package (any more): remove its line from " + FILE);
            }
        }

        Violations.check("stale or malformed entries in " + FILE, violations);
    }

    /** Types of the shipped modules' internal packages that code outside their package can name. */
    static Set<String> publicInternalTypes() {
        Set<String> types = new TreeSet<>();
        for (JavaClass type : Codebase.shipped()) {
            if (Codebase.isInternal(type) && accessibleOutsideItsPackage(type)) {
                types.add(sourceName(type));
            }
        }
        return types;
    }

    /** Public, and (for a nested type) every enclosing type public too; anonymous and local classes never are. */
    private static boolean accessibleOutsideItsPackage(JavaClass type) {
        if (type.isAnonymousClass() || type.isLocalClass()) {
            return false;
        }
        for (Optional<JavaClass> each = Optional.of(type); each.isPresent(); each = each.get().getEnclosingClass()) {
            if (!each.get().getModifiers().contains(JavaModifier.PUBLIC)) {
                return false;
            }
        }
        return true;
    }

    /** The name as source code writes it ({@code a.b.Outer.Inner}). */
    private static String sourceName(JavaClass type) {
        return type.getName().replace('$', '.');
    }

    /** A recorded nested type, written with dots: find it under its binary name. */
    private static Optional<JavaClass> nested(String sourceName) {
        String name = sourceName;
        for (int dot = name.lastIndexOf('.'); dot > 0; dot = name.lastIndexOf('.', dot - 1)) {
            String candidate = name.substring(0, dot) + '$' + name.substring(dot + 1).replace('.', '$');
            Optional<JavaClass> found = Codebase.find(candidate);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /**
     * The file's entries ({@code fully.qualified.Name  reason}), in order; blank lines and {@code #} comments
     * (the module headings) are skipped. Malformed lines, duplicates and unsorted groups go to {@code problems}.
     */
    static Map<String, String> recorded(List<String> problems) {
        Map<String, String> entries = new LinkedHashMap<>();
        String previous = null;
        int number = 0;
        for (String line : read().split("\n", -1)) {
            number++;
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                previous = null;
                continue;
            }
            int space = indexOfWhitespace(trimmed);
            if (space < 0) {
                problems.add(FILE + ":" + number + ": " + trimmed + " has no reason: write why it must be public after the name");
                continue;
            }
            String type = trimmed.substring(0, space);
            String reason = trimmed.substring(space).strip();
            if (entries.put(type, reason) != null) {
                problems.add(FILE + ":" + number + ": " + type + " is recorded twice: keep one line");
            }
            if (previous != null && previous.compareTo(type) > 0) {
                problems.add(FILE + ":" + number + ": " + type + " comes after " + previous + ": keep each module's group sorted");
            }
            previous = type;
        }
        return entries;
    }

    private static int indexOfWhitespace(String line) {
        for (int i = 0; i < line.length(); i++) {
            if (Character.isWhitespace(line.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    private static String read() {
        try (InputStream in = PublicInternalsArchitectureTest.class.getResourceAsStream("/" + FILE)) {
            if (in == null) {
                throw new IllegalStateException(FILE + " is not on the test class path (architecture/src/test/resources)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
