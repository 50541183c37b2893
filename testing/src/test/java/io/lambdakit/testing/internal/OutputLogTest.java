package io.lambdakit.testing.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static org.assertj.core.api.Assertions.assertThat;

class OutputLogTest {

    @TempDir
    Path dir;

    private void append(Path file, String s) throws Exception {
        Files.writeString(file, s, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    @Test
    void drain_returnsOnlyWhatWasWrittenSinceTheLastDrain() throws Exception {
        OutputLog log = new OutputLog(dir.resolve("out.log"));
        append(log.file(), "a\nb\n");

        assertThat(log.drain(false)).containsExactly("a", "b");

        append(log.file(), "c\r\n");
        assertThat(log.drain(false)).containsExactly("c");
        assertThat(log.drain(true)).isEmpty();
        assertThat(log.all()).containsExactly("a", "b", "c");
    }

    @Test
    void drain_partialLine_isHeldUntilCompleteUnlessAsked() throws Exception {
        OutputLog log = new OutputLog(dir.resolve("out.log"));
        append(log.file(), "first\nhal");

        assertThat(log.drain(false)).containsExactly("first");
        append(log.file(), "f\n");
        assertThat(log.drain(false)).containsExactly("half");
        append(log.file(), "tail without newline");
        assertThat(log.drain(true)).containsExactly("tail without newline");
    }

    @Test
    void drain_multibyteCharactersAcrossReads_areDecodedWhole() throws Exception {
        OutputLog log = new OutputLog(dir.resolve("out.log"));
        String line = "ü€😀".repeat(30_000);
        append(log.file(), line + "\n");

        assertThat(log.drain(false)).containsExactly(line);
    }
}
