package io.lambdakit.testing.internal;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The main class of {@code DynamoDbLocal}'s server mode, run in a JVM of its own: starts DynamoDB Local
 * with the given command-line arguments, prints {@link #READY} once it serves requests, and stops when
 * its standard input ends (the test JVM closed it, or exited), so no server outlives its test run.
 */
public final class DynamoDbLocalServer {

    /** The line printed once the server serves requests. */
    public static final String READY = "lambdakit: DynamoDB Local is ready";

    private DynamoDbLocalServer() {
    }

    /**
     * @param args DynamoDB Local's own arguments ({@code -port}, {@code -inMemory} or {@code -dbPath}, ...)
     * @throws Exception when the server cannot start or stop
     */
    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(args);
        server.start();
        out.println(READY);
        try {
            while (System.in.read() >= 0) {
                // the parent keeps standard input open while it wants the server
            }
        } catch (IOException e) {
            // the parent is gone
        }
        server.stop();
        System.exit(0);
    }
}
