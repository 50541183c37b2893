package io.lambdakit.secrets.internal;

import io.lambdakit.core.Environment;
import io.lambdakit.secrets.SecretNotFoundException;
import io.lambdakit.secrets.SecretUnavailableException;
import io.lambdakit.secrets.SecretsException;
import io.lambdakit.secrets.SecretsException.Reason;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds the typed exceptions with messages that name the secret or parameter, say what failed and
 * what to fix, and never contain a value. Shared by the extension client and the SDK sources so both
 * report a failure the same way.
 */
public final class Failures {

    /** An error code as services name them; nothing else is ever copied from an error body. */
    private static final Pattern ERROR_CODE = Pattern.compile(
            "\\b([A-Z][A-Za-z0-9]{2,80}(?:Exception|Error|Failure|NotFound|Denied|Fault))\\b");

    private static final Pattern JSON_TYPE = Pattern.compile("\"__type\"\\s*:\\s*\"(?:[^\"#]*#)?([A-Za-z0-9]{1,100})\"");

    private Failures() {
    }

    /**
     * @param kind what was read
     * @return the noun for messages
     */
    public static String noun(RawKey.Kind kind) {
        return switch (kind) {
            case SECRET -> "secret";
            case PARAMETER -> "parameter";
            case PATH -> "parameters under path";
        };
    }

    private static String idNoun(RawKey.Kind kind) {
        return switch (kind) {
            case SECRET -> "secret id or ARN";
            case PARAMETER -> "parameter name";
            case PATH -> "path";
        };
    }

    private static String permission(RawKey.Kind kind) {
        return switch (kind) {
            case SECRET -> "secretsmanager:GetSecretValue on it (and kms:Decrypt on its KMS key if it uses a customer managed key)";
            case PARAMETER -> "ssm:GetParameter on it (and kms:Decrypt on its KMS key for a SecureString read with decryption)";
            case PATH -> "ssm:GetParametersByPath on it (and kms:Decrypt for SecureString parameters read with decryption)";
        };
    }

    /**
     * Classifies a service error code.
     *
     * @param code   the code, e.g. {@code ResourceNotFoundException}, or null
     * @param status the HTTP status, or -1
     * @return the reason
     */
    public static Reason classify(String code, int status) {
        if (code != null) {
            String c = code.toLowerCase(Locale.ROOT);
            if (c.contains("notfound")) {
                return Reason.NOT_FOUND;
            }
            if (c.contains("accessdenied") || c.contains("decryptionfailure") || c.contains("kms") || c.contains("unrecognizedclient")
                    || c.contains("invalidsignature") || c.contains("expiredtoken") || c.contains("invalidclienttoken")
                    || c.contains("notauthorized")) {
                return Reason.ACCESS_DENIED;
            }
            if (c.contains("throttl") || c.contains("toomanyrequests") || c.contains("limitexceeded")) {
                return Reason.THROTTLED;
            }
            if (c.contains("internal") || c.contains("serviceunavailable")) {
                return Reason.SERVICE_ERROR;
            }
            if (c.contains("timeout")) {
                return Reason.TIMEOUT;
            }
            if (status < 500) {
                return Reason.BAD_REQUEST;
            }
        }
        if (status == 429) {
            return Reason.THROTTLED;
        }
        if (status >= 500) {
            return Reason.SERVICE_ERROR;
        }
        return Reason.BAD_REQUEST;
    }

    /**
     * Finds the service error code in an error body: {@code __type} of a JSON error (with any
     * {@code namespace#} prefix removed) or the first code-shaped word of a text error.
     *
     * @param body the error body
     * @return the code, or null
     */
    public static String errorCode(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        String text = new String(body, 0, Math.min(body.length, 4096), StandardCharsets.UTF_8);
        int type = text.indexOf("\"__type\"");
        if (type >= 0) {
            Matcher m = JSON_TYPE.matcher(text);
            if (m.find(type)) {
                return m.group(1);
            }
        }
        Matcher m = ERROR_CODE.matcher(text);
        return m.find() ? m.group(1) : null;
    }

    /**
     * Builds the exception for a failure the service or extension reported.
     *
     * @param reason the reason
     * @param kind   what was read
     * @param id     its id
     * @param via    where it was read from, e.g. {@code the Parameters and Secrets extension on localhost:2773}
     * @param status the HTTP status, or -1
     * @param code   the service error code, or null
     * @param cause  the underlying failure, or null (never one whose message could quote a value)
     * @return the exception, of the subclass callers catch for that reason
     */
    public static SecretsException reported(Reason reason, RawKey.Kind kind, String id, String via, int status, String code,
                                            Throwable cause) {
        String what = noun(kind) + " '" + id + "'";
        String evidence = code != null ? code + (status > 0 ? ", HTTP " + status : "") : (status > 0 ? "HTTP " + status : "no status");
        String message = switch (reason) {
            case NOT_FOUND -> "The " + what + " was not found by " + via + " (" + evidence + "): check the " + idNoun(kind)
                    + ", the region the function runs in, and any version you asked for.";
            case ACCESS_DENIED -> "Reading the " + what + " through " + via + " was denied (" + evidence + "): allow "
                    + permission(kind) + " in the function's execution role.";
            case TOKEN_REJECTED -> via + " rejected the request for the " + what + " (" + evidence + "): its "
                    + "X-Aws-Parameters-Secrets-Token header must carry this execution environment's " + Environment.AWS_SESSION_TOKEN + ". Do not "
                    + "override " + Environment.AWS_SESSION_TOKEN + " in the function's configuration; in local tests use your local extension's token.";
            case THROTTLED -> via + " throttled the read of the " + what + " (" + evidence + "): raise the max age "
                    + "(maxAge(..) or " + SecretsVariables.POWERTOOLS_PARAMETERS_MAX_AGE + ") so fewer reads reach the service, or enable staleOnError(..).";
            case SERVICE_ERROR -> via + " failed to return the " + what + " (" + evidence + "); this is usually temporary: "
                    + "enable staleOnError(..) to serve the previous value meanwhile.";
            case TIMEOUT -> via + " timed out reading the " + what + " (" + evidence + "): check the function's network path "
                    + "to the service (VPC endpoint or NAT), or enable staleOnError(..).";
            case BAD_REQUEST -> via + " refused the request for the " + what + " as invalid (" + evidence + "): check the "
                    + idNoun(kind) + " and the version parameters; a secret scheduled for deletion is refused too.";
            default -> via + " could not return the " + what + " (" + reason + ", " + evidence + ").";
        };
        return create(reason, id, status, message, cause);
    }

    /**
     * @param reason  the reason
     * @param id      the id
     * @param status  the HTTP status or -1
     * @param message the full message
     * @param cause   the cause or null
     * @return the exception of the right subclass
     */
    public static SecretsException create(Reason reason, String id, int status, String message, Throwable cause) {
        if (reason == Reason.NOT_FOUND) {
            return new SecretNotFoundException(id, status, message, cause);
        }
        if (reason.isTransient()) {
            return new SecretUnavailableException(id, reason, status, message, cause);
        }
        return new SecretsException(id, reason, status, message, cause);
    }
}
