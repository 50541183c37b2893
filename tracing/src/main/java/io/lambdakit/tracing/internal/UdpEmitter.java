package io.lambdakit.tracing.internal;

import io.lambdakit.core.Environment;
import io.lambdakit.core.spi.Diagnostics;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends segment documents to the X-Ray daemon: one UDP datagram each, the daemon's header line
 * {@code {"format": "json", "version": 1}} then the document. The channel is non-blocking, so a full
 * socket buffer drops the datagram instead of stalling the handler; it is opened on the first send
 * and closed before a SnapStart checkpoint (reopened on the next send). Failures never propagate:
 * each kind is reported once through {@link Diagnostics} and counted.
 */
public final class UdpEmitter implements AutoCloseable {

    /**
     * The largest datagram sent, header included: below IPv4's 65,507-byte UDP payload limit and
     * the daemon's 64 KiB read buffer. Larger documents are split by the codec before they get here.
     */
    public static final int MAX_DATAGRAM_BYTES = 65_000;

    /** The daemon's protocol header, spaces included, then a newline. */
    static final byte[] HEADER = "{\"format\": \"json\", \"version\": 1}\n".getBytes(StandardCharsets.US_ASCII);

    /** The largest document that fits one datagram with the header. */
    public static final int MAX_DOCUMENT_BYTES = MAX_DATAGRAM_BYTES - HEADER.length;

    /** Where datagrams go; the production one is a {@link DatagramChannel}, tests inject faults. */
    public interface Transport extends AutoCloseable {
        /**
         * @param datagram the bytes to send
         * @param target   the daemon
         * @return the number of bytes sent; 0 when the socket buffer is full
         * @throws IOException when the send fails
         */
        int send(ByteBuffer datagram, InetSocketAddress target) throws IOException;

        /** Closes the socket; the next send may reopen it. */
        @Override
        void close();
    }

    private final DaemonAddress address;
    private volatile InetSocketAddress target;
    private final Transport transport;
    private final Diagnostics diagnostics;
    private final ThreadLocal<ByteBuffer> buffers = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(MAX_DATAGRAM_BYTES));
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();

    /**
     * @param address   the daemon
     * @param transport the socket
     * @param diagnostics where failures are reported, once per kind
     */
    UdpEmitter(DaemonAddress address, Transport transport, Diagnostics diagnostics) {
        this.address = Objects.requireNonNull(address, "address");
        this.target = new InetSocketAddress(address.host(), address.port());
        this.transport = Objects.requireNonNull(transport, "transport");
        this.diagnostics = Objects.requireNonNull(diagnostics, "diagnostics");
    }

    /** @return a transport over a non-blocking {@link DatagramChannel}, opened lazily */
    public static Transport channelTransport() {
        return new ChannelTransport();
    }

    /**
     * Sends one document.
     *
     * @param document the buffer holding it
     * @param length   its length in bytes, at most {@link #MAX_DOCUMENT_BYTES}
     * @return true when the datagram was handed to the network
     */
    public boolean send(byte[] document, int length) {
        if (length > MAX_DOCUMENT_BYTES) {
            dropped.incrementAndGet();
            diagnostics.warnOnce("oversize", "a segment document of " + length + " bytes exceeds the UDP limit of "
                    + MAX_DOCUMENT_BYTES + " bytes and was dropped; this is a lambdakit bug, please report it");
            return false;
        }
        ByteBuffer buf = buffers.get();
        buf.clear();
        buf.put(HEADER).put(document, 0, length).flip();
        try {
            if (target.isUnresolved()) {
                throw new IOException("host '" + address.host() + "' cannot be resolved");
            }
            int n = transport.send(buf, target);
            if (n == 0) {
                dropped.incrementAndGet();
                diagnostics.warnOnce("buffer-full", "the UDP socket buffer was full, so a trace segment for the X-Ray daemon at "
                        + address + " was dropped; further drops are counted but not reported");
                return false;
            }
            sent.incrementAndGet();
            return true;
        } catch (IOException | RuntimeException e) {
            dropped.incrementAndGet();
            diagnostics.warnOnce("send", "could not send a trace segment to the X-Ray daemon at " + address + " ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + "); check " + Environment.AWS_XRAY_DAEMON_ADDRESS + "."
                    + " Tracing goes on without failing the function; further failures are not reported");
            return false;
        }
    }

    /** @return the daemon address */
    public DaemonAddress address() {
        return address;
    }

    /** @return datagrams handed to the network */
    public long sentCount() {
        return sent.get();
    }

    /** @return documents lost: full buffer, send failures */
    public long droppedCount() {
        return dropped.get();
    }

    /**
     * After a SnapStart restore: resolves the daemon's host again (the snapshot holds the address
     * it resolved to when the environment was initialised) and closes the socket, so the next send
     * opens a fresh one.
     */
    public void refresh() {
        target = new InetSocketAddress(address.host(), address.port());
        transport.close();
    }

    /** @return the socket address documents are sent to, as last resolved */
    public InetSocketAddress target() {
        return target;
    }

    /** Closes the socket (e.g. before a SnapStart checkpoint); the next send reopens it. */
    @Override
    public void close() {
        transport.close();
    }

    /** The production transport: one non-blocking, unconnected channel, so a dead daemon causes no errors. */
    private static final class ChannelTransport implements Transport {
        private volatile DatagramChannel channel;

        @Override
        public int send(ByteBuffer datagram, InetSocketAddress target) throws IOException {
            DatagramChannel ch = channel;
            if (ch == null || !ch.isOpen()) {
                ch = open();
            }
            return ch.send(datagram, target);
        }

        private synchronized DatagramChannel open() throws IOException {
            if (channel == null || !channel.isOpen()) {
                DatagramChannel ch = DatagramChannel.open();
                ch.configureBlocking(false);
                channel = ch;
            }
            return channel;
        }

        @Override
        public synchronized void close() {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // closing a datagram channel does not fail in practice; nothing to do if it does
                }
                channel = null;
            }
        }
    }
}
