package io.lambdakit.testing;

import io.lambdakit.testing.internal.DynamoDbLocalServer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@link DynamoDbLocal.Mode#SERVER}: DynamoDB Local in a child JVM (this JVM's {@code java} and class path,
 * main class {@link DynamoDbLocalServer}), started when it printed its ready line and stopped by closing its
 * standard input.
 */
final class DynamoDbLocalProcess {

    /** How long DynamoDB Local may take to start in a JVM of its own. */
    static final long START_SECONDS = 60;
    private static final int KEPT_LINES = 40;

    private final Process process;
    private final Path workDirectory;
    private final Deque<String> output = new ArrayDeque<>();

    private DynamoDbLocalProcess(Process process, Path workDirectory) {
        this.process = process;
        this.workDirectory = workDirectory;
    }

    static DynamoDbLocalProcess start(List<String> arguments, int port) {
        Path java = Path.of(System.getProperty("java.home")).resolve("bin")
                .resolve(System.getProperty("os.name", "").startsWith("Windows") ? "java.exe" : "java");
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(DynamoDbLocalServer.class.getName());
        command.addAll(arguments);
        Path workDirectory;
        Process process;
        try {
            // DynamoDB Local writes a metadata file to its working directory
            workDirectory = Files.createTempDirectory("dynamodb-local-");
            process = new ProcessBuilder(command).directory(workDirectory.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new LocalFunctionException("DynamoDB Local's server process did not start (" + java + "): " + e, e);
        }
        DynamoDbLocalProcess server = new DynamoDbLocalProcess(process, workDirectory);
        CountDownLatch ready = new CountDownLatch(1);
        Thread reader = new Thread(new Reader(server, ready), "dynamodb-local-output-" + port);
        reader.setDaemon(true);
        reader.start();
        boolean started;
        try {
            started = ready.await(START_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            started = false;
        }
        if (!started || !process.isAlive()) {
            server.stop();
            throw new LocalFunctionException("DynamoDB Local's server process on port " + port + (process.isAlive()
                    ? " did not start within " + START_SECONDS + " s" : " exited during start") + "; its output:\n  "
                    + String.join("\n  ", server.output()));
        }
        return server;
    }

    synchronized List<String> output() {
        return new ArrayList<>(output);
    }

    private synchronized void keep(String line) {
        output.addLast(line);
        if (output.size() > KEPT_LINES) {
            output.removeFirst();
        }
    }

    void stop() {
        try {
            process.getOutputStream().close();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        ChildJvm.deleteRecursively(workDirectory);
    }

    /** Drains the child's output (so it never blocks on a full pipe), keeping the last lines for error messages. */
    private static final class Reader implements Runnable {
        private final DynamoDbLocalProcess server;
        private final CountDownLatch ready;

        Reader(DynamoDbLocalProcess server, CountDownLatch ready) {
            this.server = server;
            this.ready = ready;
        }

        @Override
        public void run() {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(server.process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    server.keep(line);
                    if (line.equals(DynamoDbLocalServer.READY)) {
                        ready.countDown();
                    }
                }
            } catch (IOException e) {
                server.keep("(reading the output failed: " + e + ")");
            } finally {
                ready.countDown();
            }
        }
    }
}
