package io.lambdakit.testing;

import io.lambdakit.core.ConfigurationException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A SAM or CloudFormation template, read as CloudFormation reads it: short-form intrinsics such as
 * {@code !Ref X} become their long form ({@code {Ref: X}}, {@code {Fn::GetAtt: [X, Arn]}}), and each
 * {@code AWS::Serverless::Function}'s properties are merged over {@code Globals.Function}. The local
 * stand-ins take what they create from it ({@link DynamoDbLocal#createTables(SamTemplate)},
 * {@link LocalSqsEventSource#createQueues(software.amazon.awssdk.services.sqs.SqsClient, SamTemplate)}),
 * and {@link #environment(String, Map)} gives a function the variables the template declares, each
 * reference resolved to the local resource, so a local run runs what is deployed.
 *
 * <p>{@code org.yaml:snakeyaml} is an optional dependency of lambdakit-testing: add it (test scope) to use
 * this class; {@link #read(Path)} names the coordinate when it is missing.
 */
public final class SamTemplate {

    /** The coordinate of the YAML parser, which users add to their test dependencies. */
    public static final String COORDINATE = "org.yaml:snakeyaml";

    private static final String PROBE_CLASS = "org.yaml.snakeyaml.Yaml";
    private static final String SERVERLESS_FUNCTION = "AWS::Serverless::Function";

    /**
     * One {@code AWS::Serverless::Function}, {@code Globals.Function} merged in.
     *
     * @param logicalId  its logical id
     * @param handler    its {@code Handler}, e.g. {@code pkg.Class::method}
     * @param variables  its environment variables, Globals included; values are strings, numbers or intrinsic
     *                   maps ({@link SamTemplate#environment(String, Map)} resolves them)
     * @param statements the IAM statements of its inline policies
     * @param events     its event sources by name, each {@code {Type: .., Properties: ..}}
     * @param properties all its properties, Globals included
     */
    public record Function(String logicalId, String handler, Map<String, Object> variables,
                           List<Map<String, Object>> statements, Map<String, Map<String, Object>> events,
                           Map<String, Object> properties) {

        /**
         * @param type an event source type, e.g. {@code SQS}, {@code Api}, {@code HttpApi}
         * @return the {@code Properties} of each of its events of that type, by event name
         */
        @SuppressWarnings("unchecked")
        public Map<String, Map<String, Object>> events(String type) {
            Map<String, Map<String, Object>> found = new LinkedHashMap<>();
            for (Map.Entry<String, Map<String, Object>> e : events.entrySet()) {
                if (type.equals(e.getValue().get("Type"))) {
                    Object properties = e.getValue().get("Properties");
                    found.put(e.getKey(), properties instanceof Map<?, ?> ? (Map<String, Object>) properties : Map.of());
                }
            }
            return found;
        }
    }

    private final String source;
    private final Map<String, Object> root;

    private SamTemplate(String source, Map<String, Object> root) {
        this.source = source;
        this.root = root;
    }

    /**
     * Reads a template.
     *
     * @param path the template, e.g. {@code template.yaml}
     * @return it, parsed
     * @throws LocalFunctionException when {@code org.yaml:snakeyaml} is not on the class path, or the file
     *                                cannot be read or is not a YAML mapping
     */
    public static SamTemplate read(Path path) {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new LocalFunctionException("cannot read the template " + path.toAbsolutePath() + ": " + e, e);
        }
        return parse(path.toString(), text);
    }

    /**
     * Parses a template from text.
     *
     * @param source what the text is, named in error messages (a file name, say)
     * @param yaml   the template
     * @return it, parsed
     * @throws LocalFunctionException when {@code org.yaml:snakeyaml} is not on the class path, or the text is
     *                                not a YAML mapping
     */
    public static SamTemplate parse(String source, String yaml) {
        try {
            Class.forName(PROBE_CLASS, false, SamTemplate.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new LocalFunctionException("SamTemplate needs a YAML parser on the test class path, and " + PROBE_CLASS
                    + " was not found; add the dependency " + COORDINATE + " (test scope) next to lambdakit-testing", e);
        }
        Object parsed;
        try {
            parsed = Parser.parse(yaml);
        } catch (RuntimeException e) {
            throw new LocalFunctionException(source + " is not valid YAML: " + e.getMessage(), e);
        }
        if (!(parsed instanceof Map<?, ?>)) {
            throw new LocalFunctionException(source + " is not a template: its top level must be a mapping with Resources");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> root = (Map<String, Object>) parsed;
        if (!(root.get("Resources") instanceof Map<?, ?>)) {
            throw new LocalFunctionException(source + " has no Resources mapping; a template declares its resources there");
        }
        return new SamTemplate(source, root);
    }

    /** @return where the template was read from (a path, or the source given to {@link #parse}) */
    public String source() {
        return source;
    }

    /** @return the whole template as maps, lists and scalars (do not modify) */
    public Map<String, Object> root() {
        return Collections.unmodifiableMap(root);
    }

    /** @return each resource ({@code {Type: .., Properties: ..}}) by logical id, in template order */
    @SuppressWarnings("unchecked")
    public Map<String, Map<String, Object>> resources() {
        return Collections.unmodifiableMap((Map<String, Map<String, Object>>) root.get("Resources"));
    }

    /**
     * @param type a resource type, e.g. {@code AWS::DynamoDB::Table}
     * @return the {@code Properties} of each resource of that type by logical id, in template order
     *         (an empty map for a resource without properties)
     */
    @SuppressWarnings("unchecked")
    public Map<String, Map<String, Object>> resourcesOfType(String type) {
        Map<String, Map<String, Object>> found = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, Object>> e : resources().entrySet()) {
            if (e.getValue() != null && type.equals(e.getValue().get("Type"))) {
                Object properties = e.getValue().get("Properties");
                found.put(e.getKey(), properties instanceof Map<?, ?> ? (Map<String, Object>) properties : Map.of());
            }
        }
        return found;
    }

    /**
     * @param name a template parameter
     * @return its {@code Default}
     * @throws LocalFunctionException when the template has no such parameter or it has no default
     */
    @SuppressWarnings("unchecked")
    public String parameterDefault(String name) {
        Object parameters = root.get("Parameters");
        Object parameter = parameters instanceof Map<?, ?> map ? map.get(name) : null;
        if (!(parameter instanceof Map<?, ?>)) {
            throw new LocalFunctionException(source + " has no parameter " + name);
        }
        Object value = ((Map<String, Object>) parameter).get("Default");
        if (value == null) {
            throw new LocalFunctionException(source + "'s parameter " + name + " has no Default; pass its value in the"
                    + " references given to environment(..) under the key " + name);
        }
        return scalar(value);
    }

    /** @return the {@code AWS::Serverless::Function}s by logical id, Globals merged in */
    @SuppressWarnings("unchecked")
    public Map<String, Function> functions() {
        Object globalsSection = root.get("Globals");
        Object globalFunction = globalsSection instanceof Map<?, ?> g ? g.get("Function") : null;
        Map<String, Object> globals = globalFunction instanceof Map<?, ?> ? (Map<String, Object>) globalFunction : Map.of();
        Map<String, Function> functions = new TreeMap<>();
        for (Map.Entry<String, Map<String, Object>> e : resourcesOfType(SERVERLESS_FUNCTION).entrySet()) {
            Map<String, Object> own = e.getValue();
            Map<String, Object> properties = new LinkedHashMap<>(globals);
            properties.putAll(own);
            Map<String, Object> variables = new TreeMap<>(variables(globals));
            variables.putAll(variables(own));
            List<Map<String, Object>> statements = new ArrayList<>();
            Object policies = own.get("Policies");
            if (policies instanceof List<?> list) {
                for (Object policy : list) {
                    if (policy instanceof Map<?, ?> document && document.get("Statement") instanceof List<?> s) {
                        statements.addAll((List<Map<String, Object>>) s);
                    }
                }
            }
            Object events = own.get("Events");
            functions.put(e.getKey(), new Function(e.getKey(), (String) own.get("Handler"), variables, statements,
                    events instanceof Map<?, ?> ? (Map<String, Map<String, Object>>) events : Map.of(), properties));
        }
        return functions;
    }

    /**
     * @param logicalId a function's logical id
     * @return that function, Globals merged in
     * @throws LocalFunctionException when the template has no {@code AWS::Serverless::Function} of that id
     */
    public Function function(String logicalId) {
        Function f = functions().get(logicalId);
        if (f == null) {
            throw new LocalFunctionException(source + " has no " + SERVERLESS_FUNCTION + " " + logicalId + "; it has "
                    + functions().keySet());
        }
        return f;
    }

    /**
     * @param handler a {@code Handler}, e.g. {@code pkg.Class::method}
     * @return the function with that handler
     * @throws LocalFunctionException when no function of the template has it
     */
    public Function functionWithHandler(String handler) {
        for (Function f : functions().values()) {
            if (handler.equals(f.handler())) {
                return f;
            }
        }
        throw new LocalFunctionException(source + " has no function with handler " + handler);
    }

    /**
     * The environment variables the template gives a function, Globals included, with every value
     * resolved: literals as they are, {@code !Ref X} to {@code references.get("X")} (else, for a
     * parameter, its {@code Default}), {@code !GetAtt X.Attr} to {@code references.get("X.Attr")},
     * {@code !Sub} and {@code !Join} over those. The maps {@link DynamoDbLocal#createTables(SamTemplate)}
     * and {@link LocalSqsEventSource#createQueues} return are such references: logical id to local name
     * or URL, what {@code !Ref} gives in AWS.
     *
     * @param functionLogicalId the function's logical id
     * @param references        values of {@code !Ref} (key: logical id, parameter or pseudo parameter such
     *                          as {@code AWS::Region}) and {@code !GetAtt} (key: {@code LogicalId.Attribute})
     * @return the variables, sorted by name
     * @throws ConfigurationException naming every variable whose value cannot be resolved, and what to pass
     */
    public Map<String, String> environment(String functionLogicalId, Map<String, String> references) {
        Function function = function(functionLogicalId);
        Map<String, String> env = new TreeMap<>();
        ConfigurationException.Problems problems = ConfigurationException.problems(source + ", " + functionLogicalId
                + "'s environment");
        for (Map.Entry<String, Object> e : function.variables().entrySet()) {
            List<String> found = new ArrayList<>();
            String value = resolve(e.getValue(), references, found);
            if (found.isEmpty()) {
                env.put(e.getKey(), value);
            } else {
                for (String problem : found) {
                    problems.add(e.getKey() + " is " + e.getValue() + ": " + problem);
                }
            }
        }
        problems.throwIfAny();
        return env;
    }

    @SuppressWarnings("unchecked")
    private String resolve(Object value, Map<String, String> references, List<String> problems) {
        if (value == null) {
            return "";
        }
        if (!(value instanceof Map<?, ?> || value instanceof List<?>)) {
            return scalar(value);
        }
        if (value instanceof Map<?, ?> map && map.size() == 1) {
            Map.Entry<String, Object> intrinsic = ((Map<String, Object>) map).entrySet().iterator().next();
            Object argument = intrinsic.getValue();
            switch (intrinsic.getKey()) {
                case "Ref":
                    return reference(String.valueOf(argument), references, problems);
                case "Fn::GetAtt":
                    if (argument instanceof List<?> parts && parts.size() == 2) {
                        return attribute(parts.get(0) + "." + parts.get(1), references, problems);
                    }
                    if (argument instanceof String dotted) {
                        return attribute(dotted, references, problems);
                    }
                    break;
                case "Fn::Sub":
                    if (argument instanceof String text) {
                        return substitute(text, Map.of(), references, problems);
                    }
                    if (argument instanceof List<?> parts && parts.size() == 2 && parts.get(0) instanceof String text
                            && parts.get(1) instanceof Map<?, ?> variables) {
                        Map<String, String> local = new LinkedHashMap<>();
                        for (Map.Entry<?, ?> v : variables.entrySet()) {
                            local.put(String.valueOf(v.getKey()), resolve(v.getValue(), references, problems));
                        }
                        return substitute(text, local, references, problems);
                    }
                    break;
                case "Fn::Join":
                    if (argument instanceof List<?> parts && parts.size() == 2 && parts.get(1) instanceof List<?> items) {
                        StringBuilder joined = new StringBuilder();
                        for (int i = 0; i < items.size(); i++) {
                            if (i > 0) {
                                joined.append(scalar(parts.get(0)));
                            }
                            joined.append(resolve(items.get(i), references, problems));
                        }
                        return joined.toString();
                    }
                    break;
                default:
                    problems.add(intrinsic.getKey() + " cannot be resolved locally (Ref, Fn::GetAtt, Fn::Sub and Fn::Join"
                            + " can); use a literal or a !Ref in the template, or set the variable yourself with"
                            + " LocalFunction.Builder.environment(name, value)");
                    return "";
            }
            problems.add(intrinsic.getKey() + " has an argument of a shape CloudFormation does not accept");
            return "";
        }
        problems.add("not a string, number, boolean or intrinsic function");
        return "";
    }

    private String reference(String name, Map<String, String> references, List<String> problems) {
        String value = references.get(name);
        if (value != null) {
            return value;
        }
        Object parameters = root.get("Parameters");
        if (parameters instanceof Map<?, ?> map && map.get(name) instanceof Map<?, ?> parameter
                && parameter.get("Default") != null) {
            return scalar(parameter.get("Default"));
        }
        problems.add("nothing resolves !Ref " + name + "; pass its local value in the references under the key " + name
                + (resources().containsKey(name) ? " (a " + resources().get(name).get("Type") + ")" : ""));
        return "";
    }

    private static String attribute(String dotted, Map<String, String> references, List<String> problems) {
        String value = references.get(dotted);
        if (value == null) {
            problems.add("nothing resolves !GetAtt " + dotted + "; pass its local value in the references under the key "
                    + dotted);
            return "";
        }
        return value;
    }

    private String substitute(String text, Map<String, String> local, Map<String, String> references,
                              List<String> problems) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (at < text.length()) {
            int open = text.indexOf("${", at);
            if (open < 0) {
                out.append(text, at, text.length());
                break;
            }
            int close = text.indexOf('}', open);
            if (close < 0) {
                problems.add("an unclosed ${ in !Sub");
                return "";
            }
            out.append(text, at, open);
            String name = text.substring(open + 2, close);
            if (name.startsWith("!")) {
                out.append("${").append(name, 1, name.length()).append('}');
            } else if (local.containsKey(name)) {
                out.append(local.get(name));
            } else if (name.indexOf('.') > 0 && !name.startsWith("AWS::")) {
                out.append(attribute(name, references, problems));
            } else {
                out.append(reference(name, references, problems));
            }
            at = close + 1;
        }
        return out.toString();
    }

    private static String scalar(Object value) {
        return String.valueOf(value);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> variables(Map<String, Object> properties) {
        Object environment = properties.get("Environment");
        Object variables = environment instanceof Map<?, ?> e ? e.get("Variables") : null;
        return variables instanceof Map<?, ?> ? (Map<String, Object>) variables : Map.of();
    }

    /** The only code that touches snakeyaml's types, loaded after the class-path check. */
    private static final class Parser {

        private static final List<String> INTRINSICS = List.of("Ref", "Condition", "GetAtt", "Sub", "If", "Equals",
                "FindInMap", "Join", "Select", "Split", "GetAZs", "ImportValue", "Base64", "Not", "And", "Or", "Cidr",
                "Length", "ToJsonString", "Transform");

        private Parser() {
        }

        static Object parse(String yaml) {
            return new Yaml(new CfnConstructor()).load(yaml);
        }

        /** CloudFormation's short forms: {@code !Ref X} is {@code {Ref: X}}, {@code !GetAtt A.B} is {@code {Fn::GetAtt: [A, B]}}. */
        private static final class CfnConstructor extends SafeConstructor {
            CfnConstructor() {
                super(new LoaderOptions());
                for (String function : INTRINSICS) {
                    yamlConstructors.put(new Tag("!" + function), new Intrinsic(function));
                }
            }

            private final class Intrinsic extends AbstractConstruct {
                private final String function;
                private final String key;

                Intrinsic(String function) {
                    this.function = function;
                    this.key = function.equals("Ref") || function.equals("Condition") ? function : "Fn::" + function;
                }

                @Override
                public Object construct(Node node) {
                    Object value;
                    if (node instanceof ScalarNode scalar) {
                        String text = constructScalar(scalar);
                        int dot = text.indexOf('.');
                        value = function.equals("GetAtt") && dot > 0
                                ? List.of(text.substring(0, dot), text.substring(dot + 1)) : text;
                    } else if (node instanceof SequenceNode sequence) {
                        value = constructSequence(sequence);
                    } else {
                        value = constructMapping((MappingNode) node);
                    }
                    Map<String, Object> intrinsic = new LinkedHashMap<>();
                    intrinsic.put(key, value);
                    return intrinsic;
                }
            }
        }
    }
}
