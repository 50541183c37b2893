package io.lambdakit.logging.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides which keys hold secrets. A key is sensitive when its normalised form (lower case,
 * letters and digits only, so {@code X-Api-Key}, {@code api_key} and {@code apiKey} all become
 * {@code apikey}) contains the normalised form of a configured key. Matching by containment errs
 * on the side of masking: {@code token} also masks {@code access_token} and {@code nextToken}.
 * Immutable and thread-safe; answers are cached per key.
 */
final class Redactor {

    /** Keys masked unless the user turns the defaults off. */
    public static final List<String> DEFAULT_KEYS = List.of(
            "password", "passwd", "secret", "token", "authorization", "api_key", "cookie", "credential", "private_key");

    private static final int CACHE_LIMIT = 4096;

    private final String[] needles;
    private final List<String> keys;
    private final String mask;
    private final ConcurrentHashMap<String, Boolean> cache = new ConcurrentHashMap<>();

    /**
     * @param keys keys whose values are masked
     * @param mask what replaces a masked value
     */
    public Redactor(Collection<String> keys, String mask) {
        Set<String> normalised = new LinkedHashSet<>();
        for (String k : keys) {
            String n = normalise(k);
            if (!n.isEmpty()) {
                normalised.add(n);
            }
        }
        this.needles = normalised.toArray(new String[0]);
        this.keys = List.copyOf(new ArrayList<>(keys));
        this.mask = mask;
    }

    /** @return the configured keys, as given */
    public List<String> keys() {
        return keys;
    }

    /** @return the replacement for masked values */
    public String mask() {
        return mask;
    }

    /** @return true when no key is configured */
    public boolean isEmpty() {
        return needles.length == 0;
    }

    /**
     * @param key a JSON member name, MDC key or key-value key
     * @return true when its value must be masked
     */
    public boolean isSensitive(String key) {
        if (needles.length == 0 || key == null) {
            return false;
        }
        Boolean cached = cache.get(key);
        if (cached != null) {
            return cached;
        }
        String n = normalise(key);
        boolean sensitive = false;
        for (String needle : needles) {
            if (n.contains(needle)) {
                sensitive = true;
                break;
            }
        }
        if (cache.size() < CACHE_LIMIT) {
            cache.put(key, sensitive);
        }
        return sensitive;
    }

    static String normalise(String key) {
        StringBuilder sb = new StringBuilder(key.length());
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                sb.append(Character.toLowerCase(c));
            }
        }
        return sb.toString();
    }
}
