package io.lambdakit.examples.orders;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
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
 * says why it is not. There is one syntax. A {@code <!-- snippet: path#id -->} line right above the
 * block ties it to the region of that file (path from the repository root) between the lines
 * {@code // docs:begin id} and {@code // docs:end id}; the region, less the indentation of its
 * {@code // docs:begin} line, must equal the block byte for byte. A block that is not from compiled
 * code (CDK constructs, one-line fragments) carries {@code <!-- not compiled: reason -->} right above
 * it. Any other Java block fails the build, as does a marker with no Java block under it.
 */
class DocsSnippetsTest {

    private static final Pattern FENCE = Pattern.compile("(?m)^```java\\n(.*?)\\n```", Pattern.DOTALL);
    private static final Pattern MARKER = Pattern.compile("<!-- snippet: ([^#]+)#([\\w-]+) -->\\s*$");
    private static final Pattern ANY_MARKER = Pattern.compile("<!-- snippet:");
    private static final Pattern NOT_COMPILED = Pattern.compile("<!-- not compiled: (\\S.*) -->\\s*$");
    private static final Pattern JAVA_FILE = Pattern.compile("`([^`\\s]+\\.java)`");
    /** Snippets the pages tie to a region of a compiled file when this test was written; new ones only raise it. */
    private static final int AT_LEAST = 25;

    private final Path repository = Path.of(System.getProperty("orders.gettingStarted")).getParent().getParent();

    @Test
    void everyJavaBlock_isAMarkedRegionOfACompiledFile_orSaysWhyNot() throws IOException {
        List<Path> pages;
        try (Stream<Path> files = Files.list(repository.resolve("docs"))) {
            pages = files.filter(p -> p.toString().endsWith(".md")).sorted().toList();
        }
        List<String> problems = new ArrayList<>();
        int checked = 0;

        for (Path page : pages) {
            String doc = Files.readString(page);
            int tied = 0;
            Matcher block = FENCE.matcher(doc);
            while (block.find()) {
                String before = doc.substring(0, block.start());
                String where = page.getFileName() + ", the Java block at line " + before.split("\n", -1).length;
                Matcher marker = MARKER.matcher(lastLine(before));
                if (marker.find()) {
                    String file = marker.group(1).trim();
                    Path source = repository.resolve(file);
                    String problem = Files.isRegularFile(source)
                            ? compare(Files.readString(source), marker.group(2), block.group(1))
                            : "no file " + file + " (the marker's path is relative to the repository root)";
                    if (problem != null) {
                        problems.add(where + " (" + file + "#" + marker.group(2) + "): " + problem);
                    }
                    tied++;
                } else if (!NOT_COMPILED.matcher(lastLine(before)).find()) {
                    problems.add(where + ": " + unmarked(paragraphAbove(before)));
                }
            }
            int markers = count(ANY_MARKER, doc);
            if (markers != tied) {
                problems.add(page.getFileName() + ": " + (markers - tied) + " <!-- snippet: path#id --> line(s) not "
                        + "right above a ```java block (or not of that form)");
            }
            checked += tied;
        }

        assertThat(problems).as("docs Java blocks that are not their compiled source").isEmpty();
        assertThat(checked).as("Java snippets tied to a region of a compiled file").isGreaterThanOrEqualTo(AT_LEAST);
    }

    @Test
    void region_lessTheMarkersIndentation_mustMatchByteForByte() {
        String source = """
                class A {
                    void a() {
                        // docs:begin body
                        int a = 1;

                        if (a > 0) {
                            a++;
                        }
                        // docs:end body
                    }
                }
                """;

        assertThat(compare(source, "body", "int a = 1;\n\nif (a > 0) {\n    a++;\n}")).isNull();
        assertThat(compare(source, "body", "int a = 1;\nif (a > 0) {\n    a++;\n}")).contains("differs");
        assertThat(compare(source, "body", "int a = 2;\n\nif (a > 0) {\n    a++;\n}")).contains("differs");
        assertThat(compare(source, "other", "int a = 1;")).contains("no line // docs:begin other");
    }

    @Test
    void brokenRegions_areReported() {
        assertThat(compare("// docs:begin a\nx\n", "a", "x")).contains("no line // docs:end a");
        assertThat(compare("// docs:end a\n// docs:begin a\nx\n", "a", "x")).contains("before");
        assertThat(compare("// docs:begin a\nx\n// docs:end a\n// docs:begin a\n// docs:end a\n", "a", "x"))
                .contains("2 lines // docs:begin a");
        assertThat(compare("    // docs:begin a\nx\n    // docs:end a\n", "a", "x")).contains("less indented");
        assertThat(compare("// docs:begin ab\nx\n// docs:end ab\n", "a", "x")).as("ids match whole")
                .contains("no line // docs:begin a");
    }

    @Test
    void blockNamingAFileWithoutAMarker_failsNamingTheFix() {
        assertThat(unmarked("From `orders/Foo.java`:")).contains("names orders/Foo.java")
                .contains("// docs:begin").contains("<!-- snippet: path#id -->");
        assertThat(unmarked("Some prose.")).contains("<!-- not compiled: reason -->");
    }

    /** @return null when the region {@code id} of {@code source} is {@code snippet}, else what is wrong */
    static String compare(String source, String id, String snippet) {
        Matcher begin = line("begin", id).matcher(source);
        Matcher end = line("end", id).matcher(source);
        int begins = count(line("begin", id), source);
        int ends = count(line("end", id), source);
        if (begins != 1 || ends != 1) {
            return begins == 0 ? "no line // docs:begin " + id
                    : ends == 0 ? "no line // docs:end " + id
                    : begins + " lines // docs:begin " + id + " and " + ends + " lines // docs:end " + id
                            + "; a region id must be unique in its file";
        }
        begin.find();
        end.find();
        if (end.start() < begin.end()) {
            return "// docs:end " + id + " comes before // docs:begin " + id;
        }
        String indent = begin.group(1);
        String region = source.substring(begin.end() + 1, end.start());
        StringBuilder dedented = new StringBuilder();
        int number = source.substring(0, begin.end()).split("\n", -1).length;
        for (String text : region.split("\n", -1)) {
            number++;
            if (text.startsWith(indent)) {
                dedented.append(text, indent.length(), text.length());
            } else if (!text.isBlank()) {
                return "line " + number + " is less indented than its // docs:begin " + id + " line";
            }
            dedented.append('\n');
        }
        String expected = dedented.toString().stripTrailing();
        if (expected.equals(snippet)) {
            return null;
        }
        String[] want = expected.split("\n", -1);
        String[] got = snippet.split("\n", -1);
        int at = 0;
        while (at < want.length && at < got.length && want[at].equals(got[at])) {
            at++;
        }
        return "the block differs from the region at its line " + (at + 1) + ": the region has\n"
                + (at < want.length ? want[at] : "(no more lines)") + "\nthe block has\n"
                + (at < got.length ? got[at] : "(no more lines)")
                + "\ncopy the region (less " + indent.length() + " columns of indentation) into the block";
    }

    /** @return the message for a Java block with neither marker, given the paragraph right above it */
    static String unmarked(String paragraphAbove) {
        Matcher file = JAVA_FILE.matcher(paragraphAbove);
        String named = null;
        while (file.find()) {
            named = file.group(1);
        }
        if (named != null) {
            return "names " + named + " above but has no <!-- snippet: path#id --> line right above it; put the "
                    + "shown lines of that file between // docs:begin id and // docs:end id and add "
                    + "<!-- snippet: path#id --> (path from the repository root) right above the block";
        }
        return "neither tied to a compiled file (<!-- snippet: path#id --> right above the block, with the region "
                + "between // docs:begin id and // docs:end id in the file) nor marked <!-- not compiled: reason -->";
    }

    private static Pattern line(String kind, String id) {
        return Pattern.compile("(?m)^([ \\t]*)// docs:" + kind + " " + Pattern.quote(id) + "[ \\t]*$");
    }

    private static int count(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
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
}
