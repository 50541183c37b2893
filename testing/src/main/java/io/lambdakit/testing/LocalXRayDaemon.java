package io.lambdakit.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.lambdakit.core.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A stand-in for the X-Ray daemon: a UDP socket on a loopback port that collects the segment
 * documents a function sends. Point the code under test at {@link #address()} (a
 * {@link LocalFunction} sets {@code AWS_XRAY_DAEMON_ADDRESS} to it for you).
 *
 * <p>Each datagram must be the daemon protocol's header line {@code {"format": "json", "version": 1}},
 * a newline and one JSON segment document; anything else is kept in {@link #rejected()} so tests
 * can assert that nothing malformed was sent.
 *
 * <p>{@link #drain()} is exact: a datagram sent over loopback is queued on this socket before
 * the sender's {@code send} returns, so whatever the function sent before it answered an
 * invocation is returned by a drain made after the answer arrived.
 */
public final class LocalXRayDaemon implements AutoCloseable {

    /** The header line of the daemon protocol, without the newline. */
    public static final String HEADER = "{\"format\": \"json\", \"version\": 1}";
    private static final int MAX_DATAGRAM = 65_536;

    private final DatagramChannel channel;
    private final Selector selector;
    private final Thread receiver;
    private final Object lock = new Object();
    private final List<JsonNode> received = new ArrayList<>();
    private final List<String> rejected = new ArrayList<>();
    private final List<byte[]> datagrams = new ArrayList<>();
    private int drainedDatagrams;
    private final ByteBuffer buffer = ByteBuffer.allocate(MAX_DATAGRAM);
    private int drained;
    private volatile boolean closed;

    private LocalXRayDaemon(DatagramChannel channel, Selector selector) {
        this.channel = channel;
        this.selector = selector;
        this.receiver = new Thread(this::receiveLoop, "lambdakit-xray-daemon-" + port());
        this.receiver.setDaemon(true);
    }

    /**
     * Binds a new daemon on 127.0.0.1 and a free port.
     *
     * @return the running daemon
     * @throws UncheckedIOException when no socket can be bound
     */
    public static LocalXRayDaemon start() {
        try {
            DatagramChannel ch = DatagramChannel.open();
            ch.setOption(StandardSocketOptions.SO_RCVBUF, 4 * 1024 * 1024);
            ch.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            ch.configureBlocking(false);
            Selector selector = Selector.open();
            ch.register(selector, SelectionKey.OP_READ);
            LocalXRayDaemon daemon = new LocalXRayDaemon(ch, selector);
            daemon.receiver.start();
            return daemon;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind a UDP socket on the loopback interface for the X-Ray daemon stand-in", e);
        }
    }

    /** @return {@code 127.0.0.1:port}, the value for {@code AWS_XRAY_DAEMON_ADDRESS} */
    public String address() {
        return "127.0.0.1:" + port();
    }

    /** @return the UDP port */
    public int port() {
        try {
            return ((InetSocketAddress) channel.getLocalAddress()).getPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @return the segment documents received since the previous drain, in arrival order
     */
    public List<JsonNode> drain() {
        synchronized (lock) {
            receivePending();
            List<JsonNode> fresh = List.copyOf(received.subList(drained, received.size()));
            drained = received.size();
            drainedDatagrams = datagrams.size();
            return fresh;
        }
    }

    /**
     * Like {@link #drain()}, also returning the raw datagrams (accepted or not) received since the previous
     * drain, for the conformance checks of an invocation's result.
     */
    Drained drainWithDatagrams() {
        synchronized (lock) {
            receivePending();
            List<JsonNode> fresh = List.copyOf(received.subList(drained, received.size()));
            drained = received.size();
            List<byte[]> raw = List.copyOf(datagrams.subList(drainedDatagrams, datagrams.size()));
            drainedDatagrams = datagrams.size();
            return new Drained(fresh, raw);
        }
    }

    /**
     * The raw form of {@link #drain()}: shares its position, so each returns what arrived since the previous
     * drain of either kind.
     *
     * @return every datagram (accepted or rejected) received since the previous drain, exactly as sent, in
     *         arrival order; check them with {@link Conformance#xrayDatagramViolations(byte[])}
     */
    public List<byte[]> drainDatagrams() {
        return drainWithDatagrams().datagrams();
    }

    /** What one drain took: the documents, and every datagram as received. */
    record Drained(List<JsonNode> segments, List<byte[]> datagrams) {
    }

    /**
     * @return every datagram received so far, accepted or rejected, exactly as sent (copies), in arrival
     *         order; check them with {@link Conformance#assertXRayDatagrams(java.util.Collection)}
     */
    public List<byte[]> datagrams() {
        synchronized (lock) {
            receivePending();
            List<byte[]> copies = new ArrayList<>(datagrams.size());
            for (byte[] d : datagrams) {
                copies.add(d.clone());
            }
            return copies;
        }
    }

    /** @return every segment document received so far, in arrival order */
    public List<JsonNode> segments() {
        synchronized (lock) {
            receivePending();
            return List.copyOf(received);
        }
    }

    /** @return datagrams that were not a header line plus a JSON object, as text */
    public List<String> rejected() {
        synchronized (lock) {
            receivePending();
            return List.copyOf(rejected);
        }
    }

    private void receiveLoop() {
        while (!closed) {
            try {
                selector.select(200);
                selector.selectedKeys().clear();
                synchronized (lock) {
                    receivePending();
                }
            } catch (ClosedChannelException | java.nio.channels.ClosedSelectorException e) {
                return;
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    /** Must hold {@link #lock}: takes every datagram queued on the socket, without blocking. */
    private void receivePending() {
        if (closed) {
            return;
        }
        try {
            while (true) {
                buffer.clear();
                if (channel.receive(buffer) == null) {
                    return;
                }
                buffer.flip();
                byte[] raw = new byte[buffer.remaining()];
                buffer.get(raw);
                datagrams.add(raw);
                accept(new String(raw, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            if (!closed) {
                throw new UncheckedIOException("cannot read from the X-Ray daemon stand-in's socket", e);
            }
        }
    }

    private void accept(String datagram) {
        int newline = datagram.indexOf('\n');
        if (newline < 0 || !isHeader(datagram.substring(0, newline))) {
            rejected.add(datagram);
            return;
        }
        try {
            JsonNode doc = Json.mapper().readTree(datagram.substring(newline + 1));
            if (doc != null && doc.isObject()) {
                received.add(doc);
            } else {
                rejected.add(datagram);
            }
        } catch (IOException e) {
            rejected.add(datagram);
        }
    }

    private static boolean isHeader(String line) {
        try {
            JsonNode h = Json.mapper().readTree(line);
            return h != null && "json".equals(h.path("format").asText()) && h.path("version").asInt() == 1;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            selector.close();
            channel.close();
            receiver.join(2_000);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
