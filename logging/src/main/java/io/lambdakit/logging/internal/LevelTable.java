package io.lambdakit.logging.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The configured level of each logger: a root level and levels per logger-name prefix, resolved
 * the way logback users expect: the longest prefix that matches on a name boundary wins
 * ({@code com.acme} matches {@code com.acme} and {@code com.acme.orders.Handler}, not
 * {@code com.acmecorp}). Immutable.
 */
final class LevelTable {

    private final int root;
    private final String[] prefixes;
    private final int[] levels;

    /**
     * @param root     the level of loggers no prefix matches
     * @param byPrefix levels per logger-name prefix
     */
    public LevelTable(int root, Map<String, Integer> byPrefix) {
        this.root = root;
        List<Map.Entry<String, Integer>> entries = new ArrayList<>(new LinkedHashMap<>(byPrefix).entrySet());
        entries.sort(Comparator.comparingInt((Map.Entry<String, Integer> e) -> e.getKey().length()).reversed());
        this.prefixes = new String[entries.size()];
        this.levels = new int[entries.size()];
        for (int i = 0; i < entries.size(); i++) {
            prefixes[i] = entries.get(i).getKey();
            levels[i] = entries.get(i).getValue();
        }
    }

    /** @return the root level */
    public int root() {
        return root;
    }

    /** @return the lowest level any logger is configured at */
    public int lowest() {
        int min = root;
        for (int l : levels) {
            min = Math.min(min, l);
        }
        return min;
    }

    /**
     * @param loggerName a logger's name
     * @return its configured level
     */
    public int levelFor(String loggerName) {
        for (int i = 0; i < prefixes.length; i++) {
            if (matches(loggerName, prefixes[i])) {
                return levels[i];
            }
        }
        return root;
    }

    static boolean matches(String name, String prefix) {
        if (!name.startsWith(prefix)) {
            return false;
        }
        if (name.length() == prefix.length()) {
            return true;
        }
        char next = name.charAt(prefix.length());
        return next == '.' || next == '$';
    }
}
