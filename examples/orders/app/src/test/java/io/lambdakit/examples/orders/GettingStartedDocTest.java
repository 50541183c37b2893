package io.lambdakit.examples.orders;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * docs/getting-started.md shows what this module really does: its AspectJ block is this pom's. (Its
 * Java snippets are regions of the compiled files, checked with every other page's by {@link DocsSnippetsTest}.)
 */
class GettingStartedDocTest {

    private static final Pattern XML = Pattern.compile("```xml\\n(<plugin>\\s*<groupId>dev\\.aspectj</groupId>.*?)\\n```", Pattern.DOTALL);

    private final String doc = read(Path.of(System.getProperty("orders.gettingStarted")));

    @Test
    void aspectjBlock_isExactlyWhatThisModuleUses() {
        String pom = read(Path.of(System.getProperty("orders.pom")));
        int from = pom.indexOf("(copy from here) -->");
        int to = pom.indexOf("<!-- end of the copied section -->");
        List<String> used = trimmed(pom.substring(pom.indexOf('\n', from) + 1, to));

        Matcher xml = XML.matcher(doc);
        assertThat(xml.find()).as("an ```xml block with the aspectj-maven-plugin").isTrue();

        assertThat(trimmed(xml.group(1))).isEqualTo(used);
        assertThat(xml.find()).as("only one AspectJ block, so there is no doubt which to copy").isFalse();
    }

    private static List<String> trimmed(String text) {
        return text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    private static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + path, e);
        }
    }
}
