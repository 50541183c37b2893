package io.lambdakit.examples.orders;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * docs/getting-started.md shows what this module really does: its AspectJ block is this pom's, and
 * each Java snippet introduced with "From `path`" is a verbatim excerpt of that compiled file
 * ({@code // ...} marks an omission).
 */
class GettingStartedDocTest {

    private static final Pattern SNIPPET = Pattern.compile("From `([^`]+\\.java)`[^\\n]*\\n+```java\\n(.*?)\\n```", Pattern.DOTALL);
    private static final Pattern XML = Pattern.compile("```xml\\n(<plugin>\\s*<groupId>dev\\.aspectj</groupId>.*?)\\n```", Pattern.DOTALL);

    private final String doc = read(Path.of(System.getProperty("orders.gettingStarted")));
    private final Path repository = Path.of(System.getProperty("orders.gettingStarted")).getParent().getParent();

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

    @Test
    void javaSnippets_areExcerptsOfTheCompiledSources() {
        Matcher snippet = SNIPPET.matcher(doc);
        int count = 0;
        while (snippet.find()) {
            count++;
            List<String> source = trimmed(read(repository.resolve(snippet.group(1))));
            List<List<String>> parts = new ArrayList<>(List.of(new ArrayList<>()));
            for (String line : trimmed(snippet.group(2))) {
                if (line.equals("// ...")) {
                    parts.add(new ArrayList<>());
                } else {
                    parts.get(parts.size() - 1).add(line);
                }
            }
            int at = 0;
            for (List<String> part : parts) {
                int found = indexOf(source, part, at);
                assertThat(found).as("in %s, from line %d, this part of the snippet:%n%s", snippet.group(1), at + 1,
                        String.join("\n", part)).isGreaterThanOrEqualTo(0);
                at = found + part.size();
            }
        }
        assertThat(count).as("Java snippets taken from compiled files").isGreaterThanOrEqualTo(3);
    }

    private static int indexOf(List<String> source, List<String> part, int from) {
        for (int i = from; i + part.size() <= source.size(); i++) {
            if (source.subList(i, i + part.size()).equals(part)) {
                return i;
            }
        }
        return -1;
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
