package io.lambdakit.tracing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in for the X-Ray daemon: a real UDP socket on 127.0.0.1 that checks the daemon's header
 * line byte for byte, parses each document and validates it against the segment document schema.
 * A datagram that breaks any of that is kept as a failure and fails the next {@link #take}.
 */
public final class XRayDaemon implements AutoCloseable {

    static final String HEADER = "{\"format\": \"json\", \"version\": 1}\n";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** One received datagram. */
    public record Datagram(int bytes, JsonNode document) {
    }

    private final DatagramSocket socket;
    private final Thread receiver;
    private final BlockingQueue<Object> received = new LinkedBlockingQueue<>();

    /** Binds a free port on the loopback interface. */
    public XRayDaemon() {
        try {
            socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            socket.setReceiveBufferSize(4 * 1024 * 1024);
        } catch (SocketException e) {
            throw new IllegalStateException(e);
        }
        receiver = new Thread(this::receive, "xray-daemon-stub");
        receiver.setDaemon(true);
        receiver.start();
    }

    /** @return the address to configure, {@code 127.0.0.1:port} */
    public String address() {
        return "127.0.0.1:" + socket.getLocalPort();
    }

    private void receive() {
        byte[] buf = new byte[70_000];
        while (!socket.isClosed()) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(p);
            } catch (IOException e) {
                return;
            }
            String text = new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
            if (!text.startsWith(HEADER)) {
                received.add(new AssertionError("datagram does not start with the daemon header " + HEADER.strip() + ": "
                        + text.substring(0, Math.min(80, text.length()))));
                continue;
            }
            try {
                JsonNode doc = MAPPER.readTree(text.substring(HEADER.length()));
                SegmentSchema.assertValid(doc);
                received.add(new Datagram(p.getLength(), doc));
            } catch (IOException | AssertionError e) {
                received.add(e instanceof AssertionError a ? a : new AssertionError("datagram is not JSON: " + e.getMessage(), e));
            }
        }
    }

    /**
     * @param n       how many documents to wait for
     * @param timeout how long at most
     * @return the first {@code n} datagrams received
     */
    public List<Datagram> takeDatagrams(int n, Duration timeout) {
        List<Datagram> out = new ArrayList<>(n);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (out.size() < n) {
            Object o;
            try {
                o = received.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
            if (o == null) {
                throw new AssertionError("expected " + n + " segment documents within " + timeout + " but got " + out.size() + ": " + out);
            }
            if (o instanceof AssertionError e) {
                throw e;
            }
            out.add((Datagram) o);
        }
        return out;
    }

    /**
     * Receives until {@code done} holds for what was received so far.
     *
     * @param done    when to stop
     * @param timeout how long at most
     * @return the datagrams received
     */
    public List<Datagram> takeUntil(java.util.function.Predicate<List<Datagram>> done, Duration timeout) {
        List<Datagram> out = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.test(out)) {
            Object o;
            try {
                o = received.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
            if (o == null) {
                throw new AssertionError("condition not met within " + timeout + "; received " + out.size() + " documents: " + out);
            }
            if (o instanceof AssertionError e) {
                throw e;
            }
            out.add((Datagram) o);
        }
        return out;
    }

    /**
     * @param n how many documents to wait for (5 s at most)
     * @return the documents
     */
    public List<JsonNode> take(int n) {
        return takeDatagrams(n, Duration.ofSeconds(5)).stream().map(Datagram::document).toList();
    }

    /** @return the next document (5 s at most) */
    public JsonNode takeOne() {
        return take(1).get(0);
    }

    /** @return true when nothing is waiting, right now */
    public boolean isEmpty() {
        return received.isEmpty();
    }

    @Override
    public void close() {
        socket.close();
    }
}
