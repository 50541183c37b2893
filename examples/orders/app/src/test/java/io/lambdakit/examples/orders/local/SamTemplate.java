package io.lambdakit.examples.orders.local;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * template.yaml, read as CloudFormation reads it (short-form intrinsics such as {@code !Ref X} become
 * {@code {Ref: X}}), with each serverless function's properties merged over {@code Globals.Function}.
 * The local run takes the functions' handlers and environment from here, so it runs what is deployed.
 */
public final class SamTemplate {

    private static final List<String> INTRINSICS = List.of("Ref", "Condition", "GetAtt", "Sub", "If", "Equals",
            "FindInMap", "Join", "Select", "Split", "GetAZs", "ImportValue", "Base64", "Not", "And", "Or", "Cidr");

    /**
     * One {@code AWS::Serverless::Function}.
     *
     * @param logicalId   its logical id
     * @param handler     {@code pkg.Class::method}
     * @param variables   its environment, Globals included; values are strings or intrinsic maps
     * @param statements  the IAM statements of its inline policies
     * @param events      its event sources by name: {@code {Type: .., Properties: ..}}
     * @param properties  all its properties, Globals included
     */
    public record Function(String logicalId, String handler, Map<String, Object> variables,
                           List<Map<String, Object>> statements, Map<String, Map<String, Object>> events,
                           Map<String, Object> properties) {
    }

    private final Path path;
    private final Map<String, Object> root;

    private SamTemplate(Path path, Map<String, Object> root) {
        this.path = path;
        this.root = root;
    }

    /**
     * @param path the template
     * @return it, parsed
     * @throws IOException when it cannot be read
     */
    @SuppressWarnings("unchecked")
    public static SamTemplate load(Path path) throws IOException {
        try (Reader reader = Files.newBufferedReader(path)) {
            return new SamTemplate(path, (Map<String, Object>) new Yaml(new CfnConstructor()).load(reader));
        }
    }

    /** @return where it was read from */
    public Path path() {
        return path;
    }

    /** @return the whole template as maps and lists */
    public Map<String, Object> root() {
        return root;
    }

    /** @return the resources by logical id */
    @SuppressWarnings("unchecked")
    public Map<String, Map<String, Object>> resources() {
        return (Map<String, Map<String, Object>>) root.get("Resources");
    }

    /**
     * @param name a template parameter
     * @return its default value
     */
    @SuppressWarnings("unchecked")
    public String parameterDefault(String name) {
        Map<String, Object> parameter = (Map<String, Object>) ((Map<String, Object>) root.get("Parameters")).get(name);
        if (parameter == null) {
            throw new IllegalArgumentException("template.yaml has no parameter " + name);
        }
        return String.valueOf(parameter.get("Default"));
    }

    /** @return the serverless functions by logical id, Globals merged in */
    @SuppressWarnings("unchecked")
    public Map<String, Function> functions() {
        Map<String, Object> globals = (Map<String, Object>) ((Map<String, Object>) root.getOrDefault("Globals", Map.of()))
                .getOrDefault("Function", Map.of());
        Map<String, Function> functions = new TreeMap<>();
        resources().forEach((id, resource) -> {
            if (!"AWS::Serverless::Function".equals(resource.get("Type"))) {
                return;
            }
            Map<String, Object> own = (Map<String, Object>) resource.get("Properties");
            Map<String, Object> properties = new LinkedHashMap<>(globals);
            properties.putAll(own);
            Map<String, Object> variables = new TreeMap<>(variables(globals));
            variables.putAll(variables(own));
            List<Map<String, Object>> statements = new ArrayList<>();
            for (Object policy : (List<Object>) own.getOrDefault("Policies", List.of())) {
                if (policy instanceof Map<?, ?> document) {
                    statements.addAll((List<Map<String, Object>>) document.get("Statement"));
                }
            }
            functions.put(id, new Function(id, (String) own.get("Handler"), variables, statements,
                    (Map<String, Map<String, Object>>) own.getOrDefault("Events", Map.of()), properties));
        });
        return functions;
    }

    /**
     * @param handler {@code pkg.Class::method}
     * @return the function with that handler
     */
    public Function functionWithHandler(String handler) {
        return functions().values().stream().filter(f -> handler.equals(f.handler())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(path + " has no function with handler " + handler));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> variables(Map<String, Object> properties) {
        Map<String, Object> environment = (Map<String, Object>) properties.get("Environment");
        return environment == null ? Map.of() : (Map<String, Object>) environment.getOrDefault("Variables", Map.of());
    }

    private static final class CfnConstructor extends SafeConstructor {
        CfnConstructor() {
            super(new LoaderOptions());
            for (String function : INTRINSICS) {
                String key = function.equals("Ref") || function.equals("Condition") ? function : "Fn::" + function;
                yamlConstructors.put(new Tag("!" + function), new AbstractConstruct() {
                    @Override
                    public Object construct(Node node) {
                        Object value;
                        if (node instanceof ScalarNode scalar) {
                            String text = constructScalar(scalar);
                            value = function.equals("GetAtt") ? List.of(text.split("\\.", 2)) : text;
                        } else if (node instanceof SequenceNode sequence) {
                            value = constructSequence(sequence);
                        } else {
                            value = constructMapping((MappingNode) node);
                        }
                        return Map.of(key, value);
                    }
                });
            }
        }
    }
}
