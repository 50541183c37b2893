package io.lambdakit.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdakit.architecture.Codebase.Module;
import io.lambdakit.architecture.JavaStringLiterals.Literal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Rule 4 of CONTRIBUTING.md: a variable's name is written once, as a constant named like it, in
 * {@code io.lambdakit.core.Environment} (Lambda's variables and the shared Powertools ones) or in the one
 * {@code internal.<Feature>Variables} class of its module; docs/configuration.md lists exactly those
 * constants. (This replaces the sample app's former DocsConfigurationTest, which scanned the sources for
 * literals: once the literals live only in those classes, the constants are the list.)
 */
class EnvironmentVariablesArchitectureTest {

    /** A variable name inside a literal: Powertools', lambdakit's and Lambda's families. */
    static final Pattern VARIABLE = Pattern.compile(
            "(?<![A-Za-z0-9_])(POWERTOOLS_[A-Z0-9_]*[A-Z0-9]|LAMBDAKIT_[A-Z0-9_]*[A-Z0-9]|AWS_[A-Z0-9_]*[A-Z0-9]|_X_AMZN_TRACE_ID|_HANDLER)"
                    + "(?![A-Za-z0-9_])");
    /** A backticked name in a table's first cell. */
    private static final Pattern BACKTICKED = Pattern.compile("`([A-Z_][A-Z0-9_]*)`");
    private static final String ENVIRONMENT = "io.lambdakit.core.Environment";
    /** Core's list of every variable any module reads, for the misspelling check. */
    private static final String KNOWN_VARIABLES = "io.lambdakit.core.internal.KnownVariables";
    private static final Path CONFIGURATION_PAGE = Codebase.REPOSITORY.resolve("docs/configuration.md");
    /** The heading of the page's table of variables Lambda sets (not constants of a module). */
    private static final String LAMBDA_SECTION = "Set by Lambda";

    @Test
    void mainCode_namesVariablesOnlyThroughTheirConstants() {
        List<String> violations = new ArrayList<>();
        for (Module module : Module.values()) {
            for (Path file : Codebase.javaFiles(module.sources())) {
                if (declaresVariables(module, file)) {
                    continue;
                }
                for (Literal literal : JavaStringLiterals.of(Codebase.read(file))) {
                    Matcher m = VARIABLE.matcher(literal.value());
                    while (m.find()) {
                        String variable = m.group(1);
                        boolean whole = literal.value().equals(variable);
                        violations.add(Codebase.REPOSITORY.relativize(file) + ":" + literal.line() + " "
                                + (whole ? "is the literal \"" + variable + "\"" : "mentions " + variable + " in \"" + excerpt(literal.value()) + "\"")
                                + ": use its constant (core's Environment, or the module's internal *Variables class)");
                    }
                }
            }
        }

        Violations.check("string literals naming an environment variable outside Environment and the *Variables classes "
                + "(CONTRIBUTING.md rule 4: the constant is the name; a message concatenates it)", violations);
    }

    @Test
    void configurationPage_listsExactlyTheVariableConstants() {
        Map<String, String> constants = variableConstants();
        Map<String, String> environment = environmentConstants();
        Set<String> moduleTables = new TreeSet<>();
        Set<String> lambdaTable = new TreeSet<>();
        documentedVariables(moduleTables, lambdaTable);
        List<String> violations = new ArrayList<>();

        assertThat(environment).as("reading Environment's constants must work, or this test proves nothing")
                .containsKeys("POWERTOOLS_SERVICE_NAME", "AWS_LAMBDA_FUNCTION_NAME");
        Map<String, String> expected = new TreeMap<>(constants);
        environment.forEach((variable, owner) -> {
            if (variable.startsWith("POWERTOOLS_")) {
                expected.put(variable, owner);
            } else if (!lambdaTable.contains(variable)) {
                violations.add(variable + " (" + owner + ") is missing from the \"" + LAMBDA_SECTION + "\" table of docs/configuration.md: add it");
            }
        });
        expected.forEach((variable, owner) -> {
            if (!moduleTables.contains(variable)) {
                violations.add(variable + " (" + owner + ") is missing from docs/configuration.md: add a row with its default to its module's table");
            }
        });
        for (String variable : moduleTables) {
            if (!expected.containsKey(variable)) {
                violations.add(variable + " is listed in docs/configuration.md but no *Variables class (nor Environment) declares it: "
                        + "declare the constant in the module's internal *Variables class, or remove the row");
            }
        }

        Violations.check("docs/configuration.md against the variable constants (both ways)", violations);
    }

    /**
     * Core's misspelling check knows every variable lambdakit reads from one list, {@code core.internal.KnownVariables},
     * because core cannot see the other modules' *Variables classes: the list must be exactly those classes' constants
     * and Environment's, so a variable added to a module and not to the list fails the build (the check would call it
     * unknown), and so does a name left in the list after its constant is gone.
     */
    @Test
    void knownVariablesList_equalsTheVariablesClassesAndEnvironmentConstants() {
        Set<String> known = knownVariables();
        Map<String, String> expected = new TreeMap<>(variableConstants());
        expected.putAll(environmentConstants());
        List<String> violations = new ArrayList<>();

        assertThat(known).as("reading KnownVariables' lists must work, or this test proves nothing")
                .contains("POWERTOOLS_SERVICE_NAME", "POWERTOOLS_METRICS_NAMESPACE", "AWS_LAMBDA_FUNCTION_NAME");
        expected.forEach((variable, owner) -> {
            if (!known.contains(variable)) {
                violations.add(variable + " (" + owner + ") is missing from " + KNOWN_VARIABLES + ": add it, or the misspelling check"
                        + " reports it as a variable lambdakit does not read");
            }
        });
        for (String variable : known) {
            if (!expected.containsKey(variable)) {
                violations.add(variable + " is listed in " + KNOWN_VARIABLES + " but no *Variables class (nor Environment) declares it:"
                        + " remove it from the list, or declare its constant");
            }
        }

        Violations.check(KNOWN_VARIABLES + " against the variable constants of every module and Environment (both ways)", violations);
    }

    @Test
    void variablesClasses_nameEachConstantLikeItsVariable() {
        List<String> violations = new ArrayList<>();

        for (Class<?> type : variablesClasses()) {
            for (Field field : stringConstants(type)) {
                String value = value(field);
                if (!field.getName().equals(value)) {
                    violations.add(type.getName() + "." + field.getName() + " holds \"" + value + "\": name the constant " + value);
                }
            }
        }

        Violations.check("*Variables constants named unlike their variable (a search for the variable must find the constant)", violations);
    }

    @Test
    void literalScan_readsLiteralsAndTextBlocks_notCommentsOrChars() {
        String source = "class A {\n"
                + "  // \"POWERTOOLS_IN_LINE_COMMENT\"\n"
                + "  /* \"LAMBDAKIT_IN_BLOCK_COMMENT\" */ String a = \"POWERTOOLS_X_Y\";\n"
                + "  char q = '\"'; String b = \"say \\\"AWS_REGION\\\" here\";\n"
                + "  String c = \"\"\"\n      LAMBDAKIT_IN_TEXT_BLOCK\n      \"\"\"; String d = \"LAMBDAKIT_\";\n"
                + "}\n";

        List<String> found = new ArrayList<>();
        for (Literal literal : JavaStringLiterals.of(source)) {
            Matcher m = VARIABLE.matcher(literal.value());
            while (m.find()) {
                found.add(m.group(1) + "@" + literal.line());
            }
        }

        assertThat(found).as("comments and a bare prefix do not count; a char literal '\"' opens no string")
                .containsExactly("POWERTOOLS_X_Y@3", "AWS_REGION@4", "LAMBDAKIT_IN_TEXT_BLOCK@5");
    }

    /** Whether {@code file} may spell variable names: core's Environment and each module's internal *Variables classes. */
    private static boolean declaresVariables(Module module, Path file) {
        Path relative = module.sources().relativize(file);
        if (relative.toString().replace('\\', '/').equals(ENVIRONMENT.replace('.', '/') + ".java")) {
            return true;
        }
        String name = file.getFileName().toString();
        return name.endsWith("Variables.java") && relative.getParent() != null
                && relative.getParent().getFileName().toString().equals("internal");
    }

    /** Each *Variables constant's value, mapped to the class that declares it. */
    private static Map<String, String> variableConstants() {
        Map<String, String> constants = new TreeMap<>();
        for (Class<?> type : variablesClasses()) {
            for (Field field : stringConstants(type)) {
                constants.put(value(field), type.getName());
            }
        }
        return constants;
    }

    /** Every name in the String arrays of core's KnownVariables (it keeps its list there, in no String constant). */
    private static Set<String> knownVariables() {
        Set<String> names = new TreeSet<>();
        for (Field field : load(KNOWN_VARIABLES).getDeclaredFields()) {
            int modifiers = field.getModifiers();
            if (Modifier.isStatic(modifiers) && Modifier.isFinal(modifiers) && field.getType() == String[].class) {
                try {
                    field.setAccessible(true);
                    for (String name : (String[]) field.get(null)) {
                        names.add(name);
                    }
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException("cannot read " + field, e);
                }
            }
        }
        return names;
    }

    /** Environment's constants that hold a variable name (not its defaults), mapped to "Environment". */
    private static Map<String, String> environmentConstants() {
        Map<String, String> constants = new TreeMap<>();
        for (Field field : stringConstants(load(ENVIRONMENT))) {
            String value = value(field);
            if (VARIABLE.matcher(value).matches() || value.equals("LAMBDA_TASK_ROOT")) {
                constants.put(value, "Environment." + field.getName());
            }
        }
        return constants;
    }

    /** The *Variables classes in the internal packages of every shipped module, found in the built classes. */
    static List<Class<?>> variablesClasses() {
        List<Class<?>> types = new ArrayList<>();
        for (Module module : Module.values()) {
            Path classes = module.classes();
            try (Stream<Path> files = Files.walk(classes)) {
                for (Path file : files.sorted().toList()) {
                    String name = file.getFileName().toString();
                    Path parent = file.getParent();
                    if (name.endsWith("Variables.class") && !name.contains("$")
                            && parent.getFileName().toString().equals("internal")) {
                        String relative = classes.relativize(file).toString().replace('\\', '/');
                        types.add(load(relative.substring(0, relative.length() - ".class".length()).replace('/', '.')));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return types;
    }

    private static List<Field> stringConstants(Class<?> type) {
        List<Field> fields = new ArrayList<>();
        for (Field field : type.getDeclaredFields()) {
            int modifiers = field.getModifiers();
            if (Modifier.isStatic(modifiers) && Modifier.isFinal(modifiers) && field.getType() == String.class) {
                fields.add(field);
            }
        }
        return fields;
    }

    /** A static final field's value (reading a package-private constant; nothing is written). */
    private static String value(Field field) {
        try {
            field.setAccessible(true);
            return (String) field.get(null);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot read " + field, e);
        }
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, EnvironmentVariablesArchitectureTest.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(name + " is built but not on the test class path: add its module as a test dependency", e);
        }
    }

    /** The backticked names in the first column of the page's tables: the Lambda table's apart from the modules'. */
    private static void documentedVariables(Set<String> moduleTables, Set<String> lambdaTable) {
        String section = "";
        for (String line : Codebase.read(CONFIGURATION_PAGE).split("\n", -1)) {
            if (line.startsWith("## ")) {
                section = line.substring(3);
            } else if (line.startsWith("|") && !line.startsWith("|---")) {
                int end = line.indexOf('|', 1);
                Matcher m = BACKTICKED.matcher(end < 0 ? line : line.substring(1, end));
                while (m.find()) {
                    (section.startsWith(LAMBDA_SECTION) ? lambdaTable : moduleTables).add(m.group(1));
                }
            }
        }
        if (moduleTables.isEmpty()) {
            throw new IllegalStateException(CONFIGURATION_PAGE + " has no table of variables: the parser and the page disagree");
        }
    }

    private static String excerpt(String value) {
        String oneLine = value.replace('\n', ' ');
        return oneLine.length() <= 80 ? oneLine : oneLine.substring(0, 77) + "...";
    }
}
