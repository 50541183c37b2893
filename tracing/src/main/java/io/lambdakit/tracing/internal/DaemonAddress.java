package io.lambdakit.tracing.internal;

import java.util.Optional;

/**
 * The UDP address of the X-Ray daemon, parsed from {@code AWS_XRAY_DAEMON_ADDRESS}: either
 * {@code host:port}, or {@code tcp:host:port udp:host:port} (in either order) as the X-Ray SDKs
 * accept it. Only the UDP address is used.
 *
 * @param host the host name or IP literal (IPv6 without brackets)
 * @param port the UDP port
 */
record DaemonAddress(String host, int port) {

    /** The daemon address when none is configured. */
    public static final String DEFAULT = "127.0.0.1:2000";

    /**
     * @param value the configured address
     * @return the parsed address, or empty when the value is malformed
     */
    public static Optional<DaemonAddress> parse(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String v = value.strip();
        String[] parts = v.split("\\s+");
        if (parts.length == 2) {
            for (String p : parts) {
                if (p.regionMatches(true, 0, "udp:", 0, 4)) {
                    return hostPort(p.substring(4));
                }
            }
            return Optional.empty();
        }
        if (parts.length != 1) {
            return Optional.empty();
        }
        if (v.regionMatches(true, 0, "udp:", 0, 4)) {
            v = v.substring(4);
        }
        return hostPort(v);
    }

    private static Optional<DaemonAddress> hostPort(String v) {
        int colon = v.lastIndexOf(':');
        if (colon <= 0 || colon == v.length() - 1) {
            return Optional.empty();
        }
        String host = v.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.isEmpty() || host.contains(":") && !v.startsWith("[")) {
            return Optional.empty();
        }
        int port;
        try {
            port = Integer.parseInt(v.substring(colon + 1));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if (port < 1 || port > 65535) {
            return Optional.empty();
        }
        return Optional.of(new DaemonAddress(host, port));
    }

    @Override
    public String toString() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
}
