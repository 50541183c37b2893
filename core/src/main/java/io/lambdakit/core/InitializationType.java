package io.lambdakit.core;

import java.util.Locale;

/** How Lambda initialised this execution environment ({@code AWS_LAMBDA_INITIALIZATION_TYPE}). */
public enum InitializationType {
    /** {@code on-demand}: initialised on the request path; its first invocation is a cold start. */
    ON_DEMAND("on-demand"),
    /** {@code provisioned-concurrency}: initialised ahead of traffic. */
    PROVISIONED_CONCURRENCY("provisioned-concurrency"),
    /** {@code snap-start}: initialised before a snapshot, invoked after a restore. */
    SNAP_START("snap-start"),
    /** {@code lambda-managed-instances}: a pre-initialised environment on a managed instance. */
    LAMBDA_MANAGED_INSTANCES("lambda-managed-instances");

    private final String wireName;

    InitializationType(String wireName) {
        this.wireName = wireName;
    }

    /** @return the value Lambda puts in {@code AWS_LAMBDA_INITIALIZATION_TYPE} */
    public String wireName() {
        return wireName;
    }

    /**
     * Parses Lambda's value. Anything absent or unknown (a local run, a future type) is treated
     * as {@link #ON_DEMAND}, the conservative choice for cold-start reporting.
     *
     * @param value the variable's value, may be null
     * @return the initialization type
     */
    public static InitializationType fromWireName(String value) {
        if (value == null) {
            return ON_DEMAND;
        }
        String v = value.trim().toLowerCase(Locale.ROOT);
        for (InitializationType t : values()) {
            if (t.wireName.equals(v)) {
                return t;
            }
        }
        return ON_DEMAND;
    }
}
