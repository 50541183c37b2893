package io.lambdakit.secrets.internal;

import java.util.Objects;

/** A fetch ({@link RawKey}) plus the name of the transformation applied to it: the key of a cached result. */
public final class ValueKey {

    private final RawKey raw;
    private final String transformation;
    private final int hash;

    /**
     * @param raw            the fetch
     * @param transformation the transformation's name
     */
    public ValueKey(RawKey raw, String transformation) {
        this.raw = Objects.requireNonNull(raw, "raw");
        this.transformation = Objects.requireNonNull(transformation, "transformation");
        this.hash = 31 * raw.hashCode() + transformation.hashCode();
    }

    /** @return the fetch */
    public RawKey raw() {
        return raw;
    }

    /** @return the transformation's name */
    public String transformation() {
        return transformation;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        return o instanceof ValueKey k && hash == k.hash && transformation.equals(k.transformation) && raw.equals(k.raw);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return raw + " as " + transformation;
    }
}
