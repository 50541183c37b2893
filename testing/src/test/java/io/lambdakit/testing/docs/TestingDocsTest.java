package io.lambdakit.testing.docs;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Every marked Java snippet of docs/testing.md is the marked region of a compiled source file, verbatim. */
class TestingDocsTest {

    private static final Path ROOT = Path.of("..");
    private static final Pattern SNIPPET = Pattern.compile("<!-- snippet: ([^#]+)#([\\w-]+) -->\\n```java\\n(.*?)\\n```", Pattern.DOTALL);

    @Test
    void snippets_matchTheirCompiledSources() throws IOException {
        String doc = Files.readString(ROOT.resolve("docs/testing.md"));
        Matcher m = SNIPPET.matcher(doc);
        int found = 0;

        while (m.find()) {
            found++;
            String source = Files.readString(ROOT.resolve(m.group(1)));
            String begin = "// docs:begin " + m.group(2) + "\n";
            String end = "// docs:end " + m.group(2);
            int from = source.indexOf(begin);
            int to = source.indexOf(end);
            assertThat(from).as("marker %s in %s", begin.trim(), m.group(1)).isNotNegative();
            assertThat(m.group(3)).as("snippet %s#%s", m.group(1), m.group(2))
                    .isEqualTo(source.substring(from + begin.length(), to).stripTrailing());
        }

        assertThat(found).isEqualTo(1);
    }
}
