package io.lambdakit.idempotency;

/** The digest that turns the selected key data into the hex hash at the end of an idempotency key. */
public enum HashAlgorithm {
    /** SHA-256, 64 hex digits; lambdakit's default. */
    SHA_256("SHA-256"),
    /** MD5, 32 hex digits; Powertools' default: select it to keep using a table Powertools wrote. */
    MD5("MD5");

    private final String jcaName;

    HashAlgorithm(String jcaName) {
        this.jcaName = jcaName;
    }

    /** @return the JCA {@link java.security.MessageDigest} algorithm name */
    public String jcaName() {
        return jcaName;
    }
}
