package io.lambdakit.secrets.internal.sdk;

import io.lambdakit.core.Environment;
import io.lambdakit.secrets.SecretsException;
import io.lambdakit.secrets.SecretsException.Reason;
import io.lambdakit.secrets.internal.Failures;
import io.lambdakit.secrets.internal.RawKey;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

import java.net.ConnectException;
import java.net.SocketTimeoutException;

/** Maps SDK exceptions to lambdakit's typed exceptions. */
final class SdkFailures {

    private SdkFailures() {
    }

    static SecretsException map(RawKey.Kind kind, String id, String via, SdkException e) {
        if (e instanceof AwsServiceException service) {
            String code = service.awsErrorDetails() == null ? null : service.awsErrorDetails().errorCode();
            int status = service.statusCode();
            Reason reason = service.isThrottlingException() ? Reason.THROTTLED : Failures.classify(code, status);
            return Failures.reported(reason, kind, id, via, status, code, e);
        }
        if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException || causedBy(e, SocketTimeoutException.class)) {
            return Failures.create(Reason.TIMEOUT, id, -1, via + " did not answer for the " + Failures.noun(kind) + " '" + id
                    + "' in time: check the function's network path to the service (a VPC endpoint or NAT for functions in a "
                    + "VPC), raise the client's timeouts, or enable staleOnError(..).", e);
        }
        if (e instanceof SdkClientException && causedBy(e, ConnectException.class)) {
            return Failures.create(Reason.CONNECTION_FAILED, id, -1, via + " could not be reached for the " + Failures.noun(kind)
                    + " '" + id + "' (connection refused): check the endpoint (" + Environment.AWS_REGION + ", any endpoint override) and the "
                    + "function's network path, or enable staleOnError(..).", e);
        }
        return Failures.create(Reason.CONNECTION_FAILED, id, -1, "Reading the " + Failures.noun(kind) + " '" + id + "' through "
                + via + " failed (" + e.getClass().getSimpleName() + "): check the region and credentials, or retry.", e);
    }

    private static boolean causedBy(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }
}
