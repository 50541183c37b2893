package io.lambdakit.testing;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The values behind {@link LocalSecretsExtension}: secrets with their versions and staging labels, as
 * Secrets Manager keeps them, and parameters with their version numbers, as SSM does. Thread-safe.
 */
final class SecretsStore {

    /** One version of a secret; {@code stages} changes as later versions are stored. */
    static final class SecretVersion {
        final String versionId;
        final String text;
        final byte[] binary;
        final Set<String> stages = ConcurrentHashMap.newKeySet();
        final double created;

        SecretVersion(String versionId, String text, byte[] binary, double created) {
            this.versionId = versionId;
            this.text = text;
            this.binary = binary;
            this.created = created;
        }
    }

    /**
     * One version of a parameter.
     *
     * @param version  the version number, from 1
     * @param value    the (decrypted) value
     * @param type     {@code String} or {@code SecureString}
     * @param modified when it was stored, in epoch seconds
     */
    record ParameterVersion(long version, String value, String type, double modified) { }

    private final Map<String, List<SecretVersion>> secrets = new ConcurrentHashMap<>();
    private final Map<String, List<ParameterVersion>> parameters = new ConcurrentHashMap<>();
    private final AtomicLong versionCounter = new AtomicLong();

    String addSecret(String id, String text, byte[] binary) {
        Objects.requireNonNull(id, "id");
        String versionId = new UUID(0x10ca15ec7e75L, versionCounter.incrementAndGet()).toString();
        SecretVersion v = new SecretVersion(versionId, text, binary, System.currentTimeMillis() / 1000.0);
        List<SecretVersion> versions = secrets.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>());
        synchronized (versions) {
            for (SecretVersion old : versions) {
                old.stages.remove("AWSPREVIOUS");
                if (old.stages.remove("AWSCURRENT")) {
                    old.stages.add("AWSPREVIOUS");
                }
            }
            v.stages.add("AWSCURRENT");
            versions.add(v);
        }
        return versionId;
    }

    long addParameter(String name, String value, String type) {
        Objects.requireNonNull(name, "name");
        List<ParameterVersion> versions = parameters.computeIfAbsent(name, k -> new CopyOnWriteArrayList<>());
        synchronized (versions) {
            long version = versions.size() + 1L;
            versions.add(new ParameterVersion(version, value, type, System.currentTimeMillis() / 1000.0));
            return version;
        }
    }

    void removeSecret(String id) {
        secrets.remove(id);
    }

    void removeParameter(String name) {
        parameters.remove(name);
    }

    /** @return the secret's versions (guard iteration with the list's lock), or null when it does not exist */
    List<SecretVersion> secretVersions(String id) {
        return secrets.get(id);
    }

    /** @return the parameter's versions, oldest first, or null when it does not exist */
    List<ParameterVersion> parameterVersions(String name) {
        return parameters.get(name);
    }

    int secretCount() {
        return secrets.size();
    }

    int parameterCount() {
        return parameters.size();
    }
}
