package io.lambdakit.examples.orders.cdk;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

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
 * Reads a CloudFormation YAML template into plain maps and lists, turning the short-form
 * intrinsic functions into their long form ({@code !Ref X} becomes {@code {Ref: X}},
 * {@code !GetAtt A.B} becomes {@code {Fn::GetAtt: [A, B]}}), as CloudFormation itself does.
 */
final class CfnYaml {

    private static final List<String> FUNCTIONS = List.of("Ref", "Condition", "GetAtt", "Sub", "If", "Equals",
            "FindInMap", "Join", "Select", "Split", "GetAZs", "ImportValue", "Base64", "Not", "And", "Or", "Cidr");

    private CfnYaml() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> load(Path template) throws IOException {
        try (Reader reader = Files.newBufferedReader(template)) {
            return (Map<String, Object>) new Yaml(new CfnConstructor()).load(reader);
        }
    }

    private static final class CfnConstructor extends SafeConstructor {
        CfnConstructor() {
            super(new LoaderOptions());
            for (String function : FUNCTIONS) {
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
