package io.lambdakit.secrets;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * A value as the store returned it, before any {@link Transformation}: the text of a secret or
 * parameter, or the bytes of a binary secret, and the version that was read. {@link #toString()}
 * never shows the value.
 */
public final class RawValue {

    private final String text;
    private final byte[] binary;
    private final String version;

    private RawValue(String text, byte[] binary, String version) {
        this.text = text;
        this.binary = binary;
        this.version = version;
    }

    /**
     * @param text    the value (SecretString, or a parameter's Value)
     * @param version the version read (VersionId or parameter Version), or null
     * @return a text value
     */
    public static RawValue ofText(String text, String version) {
        return new RawValue(Objects.requireNonNull(text, "text"), null, version);
    }

    /**
     * @param binary  the bytes of a binary secret (SecretBinary); copied
     * @param version the version read, or null
     * @return a binary value
     */
    public static RawValue ofBinary(byte[] binary, String version) {
        return new RawValue(null, Objects.requireNonNull(binary, "binary").clone(), version);
    }

    /** @return true for a binary secret (SecretBinary), false for text */
    public boolean isBinary() {
        return binary != null;
    }

    /** @return the text, empty for a binary secret */
    public Optional<String> text() {
        return Optional.ofNullable(text);
    }

    /** @return a copy of the bytes of a binary secret, empty for text */
    public Optional<byte[]> binary() {
        return binary == null ? Optional.empty() : Optional.of(binary.clone());
    }

    /** @return the bytes: a binary secret's as stored, or the UTF-8 encoding of the text */
    public byte[] bytes() {
        return binary != null ? binary.clone() : text.getBytes(StandardCharsets.UTF_8);
    }

    /** @return the version that was read (VersionId of a secret, Version of a parameter), if the store said */
    public Optional<String> version() {
        return Optional.ofNullable(version);
    }

    /** Never shows the value. */
    @Override
    public String toString() {
        return "RawValue[" + (binary != null ? "binary" : "text") + ", version=" + version + ", value=<redacted>]";
    }
}
