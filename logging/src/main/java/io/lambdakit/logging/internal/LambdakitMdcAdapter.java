package io.lambdakit.logging.internal;

import org.slf4j.spi.MDCAdapter;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The MDC behind {@code org.slf4j.MDC}: per thread, insertion-ordered, copy-on-write. Each thread's
 * map is an immutable array of key/value pairs that a put replaces, so the log path reads it without
 * locking or allocating, and the logging engine can snapshot it before an invocation and put it
 * back afterwards in O(1).
 */
final class LambdakitMdcAdapter implements MDCAdapter {

    private static final String[] EMPTY = new String[0];
    private static final ThreadLocal<String[]> PAIRS = new ThreadLocal<>();
    private static final ThreadLocal<Map<String, Deque<String>>> DEQUES = new ThreadLocal<>();

    /** @return this thread's MDC as alternating keys and values; never null; do not modify */
    public static String[] pairs() {
        String[] p = PAIRS.get();
        return p == null ? EMPTY : p;
    }

    /**
     * Replaces this thread's MDC with a snapshot taken by {@link #pairs()}.
     *
     * @param snapshot the pairs to restore
     */
    public static void restore(String[] snapshot) {
        if (snapshot == null || snapshot.length == 0) {
            PAIRS.remove();
        } else {
            PAIRS.set(snapshot);
        }
    }

    @Override
    public void put(String key, String val) {
        if (key == null) {
            throw new IllegalArgumentException("MDC key cannot be null");
        }
        String[] p = pairs();
        for (int i = 0; i < p.length; i += 2) {
            if (p[i].equals(key)) {
                String[] copy = p.clone();
                copy[i + 1] = val;
                PAIRS.set(copy);
                return;
            }
        }
        String[] copy = Arrays.copyOf(p, p.length + 2);
        copy[p.length] = key;
        copy[p.length + 1] = val;
        PAIRS.set(copy);
    }

    @Override
    public String get(String key) {
        String[] p = pairs();
        for (int i = 0; i < p.length; i += 2) {
            if (p[i].equals(key)) {
                return p[i + 1];
            }
        }
        return null;
    }

    @Override
    public void remove(String key) {
        String[] p = pairs();
        for (int i = 0; i < p.length; i += 2) {
            if (p[i].equals(key)) {
                String[] copy = new String[p.length - 2];
                System.arraycopy(p, 0, copy, 0, i);
                System.arraycopy(p, i + 2, copy, i, p.length - i - 2);
                restore(copy);
                return;
            }
        }
    }

    @Override
    public void clear() {
        PAIRS.remove();
        DEQUES.remove();
    }

    @Override
    public Map<String, String> getCopyOfContextMap() {
        String[] p = pairs();
        Map<String, String> copy = new LinkedHashMap<>();
        for (int i = 0; i < p.length; i += 2) {
            copy.put(p[i], p[i + 1]);
        }
        return copy;
    }

    @Override
    public void setContextMap(Map<String, String> contextMap) {
        if (contextMap == null || contextMap.isEmpty()) {
            PAIRS.remove();
            return;
        }
        String[] p = new String[contextMap.size() * 2];
        int i = 0;
        for (Map.Entry<String, String> e : contextMap.entrySet()) {
            if (e.getKey() != null) {
                p[i++] = e.getKey();
                p[i++] = e.getValue();
            }
        }
        restore(i == p.length ? p : Arrays.copyOf(p, i));
    }

    @Override
    public void pushByKey(String key, String value) {
        Map<String, Deque<String>> m = DEQUES.get();
        if (m == null) {
            m = new HashMap<>();
            DEQUES.set(m);
        }
        m.computeIfAbsent(key, k -> new ArrayDeque<>()).push(value);
    }

    @Override
    public String popByKey(String key) {
        Map<String, Deque<String>> m = DEQUES.get();
        Deque<String> d = m == null ? null : m.get(key);
        return d == null ? null : d.poll();
    }

    @Override
    public Deque<String> getCopyOfDequeByKey(String key) {
        Map<String, Deque<String>> m = DEQUES.get();
        Deque<String> d = m == null ? null : m.get(key);
        return d == null ? null : new ArrayDeque<>(d);
    }

    @Override
    public void clearDequeByKey(String key) {
        Map<String, Deque<String>> m = DEQUES.get();
        if (m != null && m.containsKey(key)) {
            m.get(key).clear();
        }
    }
}
