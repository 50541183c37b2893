package io.lambdakit.archetype;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The versions a generated project builds with are the ones this reactor builds with: so every plugin and library it
 * needs is already in the local repository after the main build (ArchetypeIT builds it offline), and a new project
 * starts from what lambdakit is tested with. The poms are filtered at archetype build time; these tests read the
 * filtered ones and compare them with the root pom, and keep lambdakit-bom's versions equal to lambdakit-parent's.
 */
class ArchetypeVersionsTest {

    private static final Path ROOT_POM = Path.of(System.getProperty("archetype.rootPom"));
    private static final Path BOM_POM = Path.of(System.getProperty("archetype.bomPom"));
    private static final Path RESOURCES = Path.of(System.getProperty("archetype.resources"));

    @Test
    void generatedPoms_pinEveryPluginAtTheVersionOfTheRootPom() throws Exception {
        Map<String, String> root = properties(ROOT_POM);
        List<String> problems = new ArrayList<>();
        int plugins = 0;

        for (Path pom : generatedPoms()) {
            Document document = parse(pom);
            NodeList found = document.getElementsByTagName("plugin");
            for (int i = 0; i < found.getLength(); i++) {
                Element plugin = (Element) found.item(i);
                String artifactId = child(plugin, "artifactId");
                String version = child(plugin, "version");
                if (version == null) {
                    continue;   // configured here, versioned in the root's pluginManagement
                }
                plugins++;
                String expected = artifactId.equals("lambdakit-maven-plugin") ? "${lambdakit.version}"
                        : root.get(artifactId + ".version");
                if (!version.equals(expected)) {
                    problems.add(pom + ": " + artifactId + " " + version + " but the root pom builds with " + expected);
                }
            }
        }

        assertThat(plugins).as("versioned plugins in the generated poms").isGreaterThanOrEqualTo(13);
        assertThat(problems).isEmpty();
    }

    @Test
    void generatedPoms_useTheLibraryVersionsOfThisBuild() throws Exception {
        Map<String, String> root = properties(ROOT_POM);
        Map<String, String> generated = properties(RESOURCES.resolve("pom.xml"));
        Map<String, String> ordersCdk = properties(ROOT_POM.resolveSibling("examples/orders/cdk/pom.xml"));

        assertThat(generated.get("lambdakit.version")).isEqualTo(child(parse(ROOT_POM).getDocumentElement(), "version"));
        assertThat(generated.get("aspectj.version")).isEqualTo(root.get("aspectj.version"));
        assertThat(generated.get("aws-cdk-lib.version")).isEqualTo(root.get("aws-cdk-lib.version"));
        assertThat(generated.get("constructs.version")).isEqualTo(root.get("constructs.version"));
        assertThat(generated.get("jsii-runtime.version")).isEqualTo(ordersCdk.get("jsii-runtime.version"));
    }

    @Test
    void generatedPoms_haveNoPlaceholderLeftUnfiltered() throws Exception {
        for (Path pom : generatedPoms()) {
            assertThat(Files.readString(pom)).as(pom.toString()).doesNotContainPattern("@[a-z.-]+@");
        }
    }

    @Test
    void bom_pinsTheVersionsOfTheParent() throws Exception {
        Map<String, String> root = properties(ROOT_POM);
        Map<String, String> bom = properties(BOM_POM);

        assertThat(bom).isNotEmpty();
        for (Map.Entry<String, String> version : bom.entrySet()) {
            assertThat(version.getValue()).as("%s in bom/pom.xml (lambdakit-parent has %s)", version.getKey(),
                    root.get(version.getKey())).isEqualTo(root.get(version.getKey()));
        }
        // what users declare without a version in the docs and the generated project
        String text = Files.readString(BOM_POM);
        assertThat(text).contains("<groupId>software.amazon.awssdk</groupId><artifactId>bom</artifactId><version>${aws-sdk.version}</version><type>pom</type><scope>import</scope>");
        for (String artifactId : List.of("aws-lambda-java-core", "aws-lambda-java-events", "aws-lambda-java-serialization",
                "aws-lambda-java-runtime-interface-client", "jackson-databind", "slf4j-api", "aspectjrt", "crac",
                "assertj-core", "DynamoDBLocal", "junit-bom")) {
            assertThat(text).as(artifactId).contains("<artifactId>" + artifactId + "</artifactId>");
        }
    }

    private static List<Path> generatedPoms() throws IOException {
        try (Stream<Path> files = Files.walk(RESOURCES)) {
            return files.filter(f -> f.getFileName().toString().equals("pom.xml")).sorted().toList();
        }
    }

    private static Map<String, String> properties(Path pom) throws Exception {
        Map<String, String> properties = new LinkedHashMap<>();
        Element project = parse(pom).getDocumentElement();
        for (Node n = project.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals("properties")) {
                for (Node p = e.getFirstChild(); p != null; p = p.getNextSibling()) {
                    if (p instanceof Element property) {
                        properties.put(property.getTagName(), property.getTextContent().trim());
                    }
                }
            }
        }
        return properties;
    }

    private static String child(Element element, String name) {
        for (Node n = element.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e.getTextContent().trim();
            }
        }
        return null;
    }

    /** The generated poms are Velocity templates: their directive lines are dropped before XML parsing. */
    private static Document parse(Path pom) throws Exception {
        StringBuilder xml = new StringBuilder();
        for (String line : Files.readAllLines(pom)) {
            if (!line.stripLeading().startsWith("#")) {
                xml.append(line).append('\n');
            }
        }
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(false);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.toString().getBytes(StandardCharsets.UTF_8)));
    }
}
