package io.lambdakit.core;

/**
 * What kind of invocation this is with respect to the environment's initialisation. Only
 * {@link #ON_DEMAND} is a cold start on the request path; provisioned-concurrency, managed-instance
 * and SnapStart first invocations are reported as their own kinds so that cold-start metrics are
 * not inflated.
 */
public enum ColdStart {
    /** First invocation of an on-demand environment: a real cold start. */
    ON_DEMAND("on-demand"),
    /** First invocation of an environment initialised by provisioned concurrency. */
    PROVISIONED_CONCURRENCY("provisioned-concurrency"),
    /** First invocation of a pre-initialised Lambda Managed Instances environment. */
    LAMBDA_MANAGED_INSTANCES("lambda-managed-instances"),
    /** First invocation after a SnapStart restore. */
    SNAP_START_RESTORE("snap-start"),
    /** Any later invocation of a warm environment. */
    WARM("warm");

    private final String wireName;

    ColdStart(String wireName) {
        this.wireName = wireName;
    }

    /** @return true only for the first invocation of an on-demand environment */
    public boolean isColdStart() {
        return this == ON_DEMAND;
    }

    /** @return true for the first invocation of an environment of any initialisation kind */
    public boolean isFirstInvocation() {
        return this != WARM;
    }

    /** @return a stable lower-case name: on-demand, provisioned-concurrency, lambda-managed-instances, snap-start or warm */
    public String wireName() {
        return wireName;
    }
}
