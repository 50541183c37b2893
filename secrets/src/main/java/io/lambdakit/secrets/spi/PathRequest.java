package io.lambdakit.secrets.spi;

import java.util.Objects;

/**
 * One SSM {@code GetParametersByPath} read, all pages.
 *
 * @param path           the hierarchy, e.g. {@code /app/prod}
 * @param recursive      whether parameters below sub-paths are included
 * @param withDecryption whether SecureString values are decrypted
 */
public record PathRequest(String path, boolean recursive, boolean withDecryption) {
    /** Checks the path. */
    public PathRequest {
        Objects.requireNonNull(path, "path");
    }
}
