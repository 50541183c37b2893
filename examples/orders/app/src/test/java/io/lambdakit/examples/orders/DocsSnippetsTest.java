package io.lambdakit.examples.orders;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The one docs-snippet checker: every Java block of docs/*.md is still what a compiled file holds, or
 * says why it is not. A {@code <!-- snippet: path#id -->} marker right above the block ties it to the
 * file's region between {@code // docs:begin id} and {@code // docs:end id}, compared byte for byte.
 * Pages not yet converted to markers name a backticked {@code .java} file in the paragraph right above
 * the block instead (the block is an excerpt of that file, compared line by line without indentation;
 * {@code // ...} marks an omission; a bare file name must be unique in the repository). A block that is
 * not from compiled code (CDK constructs, one-line fragments) carries
 * {@code <!-- not compiled: reason -->} right above it. A block with none of these fails the build.
 */
class DocsSnippetsTest {

    private static final Pattern FENCE = Pattern.compile("(?m)^```java\\n(.*?)\\n```", Pattern.DOTALL);
    private static final Pattern MARKER = Pattern.compile("<!-- snippet: ([^#]+)#([\\w-]+) -->\\s*$");
    private static final Pattern NOT_COMPILED = Pattern.compile("<!-- not compiled: (\\S.*) -->\\s*$");
    private static final Pattern JAVA_FILE = Pattern.compile("`([^`\\s]+\\.java)`");
    /** Snippets the pages tie to a file when this test was written; new ones only raise it. */
    private static final int AT_LEAST = 21;

    private final Path repository = Path.of(System.getProperty("orders.gettingStarted")).getParent().getParent();

    @Test
    void javaSnippetsNamingTheirSource_matchTheCompiledFiles() throws IOException {
        List<Path> pages;
        try (Stream<Path> files = Files.list(repository.resolve("docs"))) {
            pages = files.filter(p -> p.toString().endsWith(".md")).sorted().toList();
        }
        int checked = 0;
        List<String> unaccounted = new ArrayList<>();

        for (Path page : pages) {
            String doc = Files.readString(page);
            Matcher block = FENCE.matcher(doc);
            while (block.find()) {
                String before = doc.substring(0, block.start());
                String where = page.getFileName() + ", the Java block at line " + (before.split("\n", -1).length);
                Matcher marker = MARKER.matcher(lastLine(before));
                if (marker.find()) {
                    checkRegion(where, marker.group(1), marker.group(2), block.group(1));
                    checked++;
                    continue;
                }
                Matcher file = JAVA_FILE.matcher(paragraphAbove(before));
                String source = null;
                while (file.find()) {
                    source = file.group(1);
                }
                if (source != null) {
                    checkExcerpt(where, source, block.group(1));
                    checked++;
                } else if (!NOT_COMPILED.matcher(lastLine(before)).find()) {
                    unaccounted.add(where);
                }
            }
        }

        assertThat(unaccounted).as("Java blocks neither tied to a compiled file (<!-- snippet: path#id -->) nor "
                + "marked <!-- not compiled: reason --> right above the block").isEmpty();

        assertThat(checked).as("Java snippets tied to a compiled file").isGreaterThanOrEqualTo(AT_LEAST);
    }

    @Test
    void excerptCheck_changedLine_fails() {
        List<String> source = List.of("class A {", "int a = 1;", "int b = 2;", "}");

        assertThat(findExcerpt(source, List.of("class A {", "// ...", "int b = 2;", "}"))).isNull();
        assertThat(findExcerpt(source, List.of("class A {", "int b = 2;"))).isNotNull();
        assertThat(findExcerpt(source, List.of("int b = 2;", "// ...", "int a = 1;"))).as("order counts").isNotNull();
    }

    private void checkRegion(String where, String file, String id, String snippet) {
        String source = read(repository.resolve(file.trim()));
        String begin = "// docs:begin " + id + "\n";
        int from = source.indexOf(begin);
        int to = source.indexOf("// docs:end " + id);
        assertThat(from).as("%s: marker %s in %s", where, begin.trim(), file).isNotNegative();
        assertThat(snippet).as("%s: region %s of %s", where, id, file)
                .isEqualTo(source.substring(from + begin.length(), to).stripTrailing());
    }

    private void checkExcerpt(String where, String file, String snippet) {
        Path path = file.contains("/") ? repository.resolve(file) : unique(file);
        String problem = findExcerpt(trimmed(read(path)), trimmed(snippet));
        assertThat(problem).as("%s is not an excerpt of %s", where, file).isNull();
    }

    /** @return null when {@code snippet} is an excerpt of {@code source}, else the part that is not */
    private static String findExcerpt(List<String> source, List<String> snippet) {
        List<List<String>> parts = new ArrayList<>(List.of(new ArrayList<>()));
        for (String line : snippet) {
            if (line.equals("// ...")) {
                parts.add(new ArrayList<>());
            } else {
                parts.get(parts.size() - 1).add(line);
            }
        }
        int at = 0;
        for (List<String> part : parts) {
            int found = indexOf(source, part, at);
            if (found < 0) {
                return "from line " + (at + 1) + ", this part:\n" + String.join("\n", part);
            }
            at = found + part.size();
        }
        return null;
    }

    private Path unique(String name) {
        try (Stream<Path> files = Files.walk(repository)) {
            List<Path> found = files.filter(p -> p.getFileName().toString().equals(name))
                    .filter(p -> !p.toString().contains("/target/") && !p.toString().contains("/node_modules/"))
                    .toList();
            assertThat(found).as("files named %s (a bare name must be unique)", name).hasSize(1);
            return found.get(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String lastLine(String text) {
        String t = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        return t.substring(t.lastIndexOf('\n') + 1);
    }

    /** The lines right above a block, back to the previous blank line (one blank line before the block is allowed). */
    private static String paragraphAbove(String before) {
        String[] lines = before.split("\n", -1);
        int end = lines.length - 1; // the empty string after the last newline
        if (end > 0 && lines[end - 1].isBlank()) {
            end--;
        }
        int start = end;
        while (start > 0 && !lines[start - 1].isBlank() && !lines[start - 1].startsWith("```")) {
            start--;
        }
        return String.join("\n", List.of(lines).subList(start, end));
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
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }
}
