package io.lambdakit.secrets.internal;

import java.util.Objects;

/**
 * Identifies one fetch: what is read (secret, parameter or path), its id, version selectors and
 * decryption flag. Immutable, hash computed once.
 */
public final class RawKey {

    /** What a key reads. */
    public enum Kind {
        /** A Secrets Manager secret. */
        SECRET,
        /** An SSM parameter. */
        PARAMETER,
        /** All SSM parameters under a path. */
        PATH
    }

    private final Kind kind;
    private final String id;
    private final String selector;
    private final boolean flag;
    private final int hash;

    /**
     * @param kind     what is read
     * @param id       secret id, parameter name or path
     * @param selector version selector (e.g. {@code id:<versionId>}, {@code stage:AWSPREVIOUS}, {@code version:3}), or null
     * @param flag     decryption for parameters and paths, recursion is folded into the selector
     */
    public RawKey(Kind kind, String id, String selector, boolean flag) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.id = Objects.requireNonNull(id, "id");
        this.selector = selector;
        this.flag = flag;
        int h = kind.hashCode();
        h = 31 * h + id.hashCode();
        h = 31 * h + (selector == null ? 0 : selector.hashCode());
        h = 31 * h + (flag ? 1 : 0);
        this.hash = h;
    }

    /** @return what is read */
    public Kind kind() {
        return kind;
    }

    /** @return the secret id, parameter name or path */
    public String id() {
        return id;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        return o instanceof RawKey k && hash == k.hash && kind == k.kind && flag == k.flag && id.equals(k.id)
                && Objects.equals(selector, k.selector);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + " '" + id + "'" + (selector == null ? "" : " (" + selector + ")")
                + (flag ? " decrypted" : "");
    }
}
