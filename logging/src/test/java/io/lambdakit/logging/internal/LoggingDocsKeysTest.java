package io.lambdakit.logging.internal;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/logging.md's "Keys" table lists exactly the keys the line codec reserves (moved here from the sample app, beside the codec). */
class LoggingDocsKeysTest {

    @Test
    void loggingPage_keysTable_isExactlyTheKeysTheCodecReserves() throws IOException {
        String page = Files.readString(Path.of("../docs/logging.md"), StandardCharsets.UTF_8);
        String table = page.substring(page.indexOf("## Keys"), page.indexOf("\n## ", page.indexOf("## Keys") + 1));
        Set<String> documented = new TreeSet<>();
        Pattern row = Pattern.compile("^\\| `([a-z_]+)` \\|");
        for (String line : table.split("\n")) {
            Matcher key = row.matcher(line);
            if (key.find()) {
                documented.add(key.group(1));
            }
        }

        assertThat(documented).isNotEmpty().isEqualTo(new TreeSet<>(LineCodec.RESERVED));
    }
}
