package io.lambdakit.idempotency.internal;

import com.amazonaws.services.lambda.runtime.Context;
import io.lambdakit.core.InvocationContext;
import io.lambdakit.core.Lifecycle;
import io.lambdakit.core.spi.Diagnostics;
import io.lambdakit.idempotency.IdempotencyTableException;
import io.lambdakit.idempotency.IdempotencyTableException.Problem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbServiceClientConfiguration;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTimeToLiveRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The idempotency table as the DynamoDB store expects it (its name, key layout and TTL attribute):
 * the table check and the translation of DynamoDB's "no such table" and key-schema errors into
 * {@link IdempotencyTableException}, whose message names the table, the region, what was expected
 * and found, and how to create the table.
 *
 * <p>The check is one {@code DescribeTable} (key schema) and one {@code DescribeTimeToLive} (TTL on
 * the expiry attribute), started at init on a daemon thread so that the rest of init does not wait
 * for it, and joined by the first claim (and before a SnapStart checkpoint, so no request is in
 * flight in the snapshot). Each call is bounded by {@link #CALL_TIMEOUT} whatever the client's retry
 * policy. A key schema the store cannot use fails every claim (a table's key schema cannot change);
 * a missing table is reported once at init and then by each claim's own write (the table may be
 * created meanwhile); TTL not enabled on the expiry attribute is a warning. When the check cannot
 * run (the role may not call {@code dynamodb:DescribeTable}, DynamoDB unreachable) nothing fails:
 * one INFO line says why, and the first claim's write reports a table problem instead.
 */
public final class DynamoDbTable {

    /** The longest one check call may take, retries included. */
    public static final Duration CALL_TIMEOUT = Duration.ofSeconds(2);
    /** The name of the check's thread. */
    public static final String CHECK_THREAD = "lambdakit-idempotency-table-check";

    private static final String LOGGER = "io.lambdakit.idempotency";
    private static final long JOIN_MILLIS = 2 * CALL_TIMEOUT.toMillis() + 1_000;
    private static final AwsRequestOverrideConfiguration BOUNDED = AwsRequestOverrideConfiguration.builder()
            .apiCallTimeout(CALL_TIMEOUT).build();

    private final DynamoDbClient client;
    private final String tableName;
    private final String keyAttr;
    private final String sortKeyAttr;
    private final String expiryAttr;
    private final String expected;
    private CountDownLatch checked;
    private Diagnostics diagnostics;
    private volatile IdempotencyTableException keySchemaProblem;

    private DynamoDbTable(DynamoDbClient client, String tableName, String keyAttr, String sortKeyAttr, String expiryAttr) {
        this.client = client;
        this.tableName = tableName;
        this.keyAttr = keyAttr;
        this.sortKeyAttr = sortKeyAttr;
        this.expiryAttr = expiryAttr;
        StringBuilder sb = new StringBuilder(48).append("[HASH ").append(keyAttr).append(" (S)");
        if (sortKeyAttr != null) {
            sb.append(", RANGE ").append(sortKeyAttr).append(" (S)");
        }
        this.expected = sb.append(']').toString();
    }

    /**
     * @param client      the store's client, or null when the store has none (idempotency disabled)
     * @param tableName   the table
     * @param keyAttr     the partition key attribute
     * @param sortKeyAttr the sort key attribute, or null for a partition key only
     * @param expiryAttr  the expiry attribute, the table's TTL attribute
     * @return the table, not checked
     */
    public static DynamoDbTable of(DynamoDbClient client, String tableName, String keyAttr, String sortKeyAttr, String expiryAttr) {
        return new DynamoDbTable(client, tableName, keyAttr, sortKeyAttr, expiryAttr);
    }

    /**
     * Starts the check on a daemon thread and registers a hook that waits for it before a checkpoint.
     * Call once, from the store's builder.
     *
     * @param diagnostics where problems found at init are reported
     * @param lifecycle   the lifecycle whose checkpoint waits for the check
     */
    public void startCheck(Diagnostics diagnostics, Lifecycle lifecycle) {
        this.diagnostics = diagnostics;
        this.checked = new CountDownLatch(1);
        lifecycle.onBeforeCheckpoint("lambdakit-idempotency: finish the table check of " + tableName, this, FinishCheck.INSTANCE);
        Thread t = new Thread(new CheckRun(this), CHECK_THREAD);
        t.setDaemon(true);
        t.start();
    }

    /**
     * Waits for the check, if one was started (at most a few seconds: each call is bounded).
     *
     * @throws IdempotencyTableException when the check found a key schema the store cannot use
     */
    public void awaitCheck() {
        awaitQuietly();
        IdempotencyTableException problem = keySchemaProblem;
        if (problem != null) { // a new one each time: the stack trace is the caller's, not the check thread's
            throw new IdempotencyTableException(tableName, Problem.KEY_SCHEMA, problem.getMessage(), null);
        }
    }

    private void awaitQuietly() {
        CountDownLatch latch = checked;
        if (latch == null) {
            return;
        }
        try {
            latch.await(JOIN_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The check: runs on its thread, reports through diagnostics and SLF4J, never throws. */
    void check() {
        try {
            TableDescription table;
            try {
                table = client.describeTable(DescribeTableRequest.builder().tableName(tableName)
                        .overrideConfiguration(BOUNDED).build()).table();
            } catch (ResourceNotFoundException e) {
                diagnostics.errorOnce("table-not-found:" + tableName, notFound(e, "DescribeTable at init").getMessage());
                return;
            }
            String actual = keySchemaOf(table);
            if (!expected.equals(actual)) {
                IdempotencyTableException problem = keySchema(actual, null, null);
                keySchemaProblem = problem;
                diagnostics.errorOnce("table-key-schema:" + tableName, problem.getMessage());
                return;
            }
            checkTtl();
        } catch (RuntimeException | LinkageError e) {
            couldNotCheck("DescribeTable", e);
        } finally {
            checked.countDown();
        }
    }

    private void checkTtl() {
        TimeToLiveDescription ttl;
        try {
            ttl = client.describeTimeToLive(DescribeTimeToLiveRequest.builder().tableName(tableName)
                    .overrideConfiguration(BOUNDED).build()).timeToLiveDescription();
        } catch (RuntimeException e) {
            couldNotCheck("DescribeTimeToLive", e);
            return;
        }
        TimeToLiveStatus status = ttl == null ? null : ttl.timeToLiveStatus();
        String attr = ttl == null ? null : ttl.attributeName();
        boolean on = status == TimeToLiveStatus.ENABLED || status == TimeToLiveStatus.ENABLING;
        if (on && expiryAttr.equals(attr)) {
            return;
        }
        StringBuilder m = new StringBuilder(400).append("TTL of idempotency table '").append(tableName).append("' is ");
        if (on) {
            m.append("on attribute '").append(attr).append("', not on '").append(expiryAttr)
                    .append("' where the store writes each record's expiry (expiryAttr)");
        } else {
            m.append(status == null ? "not enabled" : status.toString()).append(", not ENABLED on '").append(expiryAttr).append('\'');
        }
        m.append(": expired records are never deleted, so the table keeps growing (they are still replaced once"
                + " expired). Enable it: aws dynamodb update-time-to-live --table-name ").append(tableName)
                .append(" --time-to-live-specification Enabled=true,AttributeName=").append(expiryAttr)
                .append(" (CloudFormation: TimeToLiveSpecification {AttributeName: ").append(expiryAttr)
                .append(", Enabled: true}; a table's TTL attribute can only be changed after disabling it)");
        diagnostics.warnOnce("table-ttl:" + tableName, m.toString());
    }

    private void couldNotCheck(String call, Throwable e) {
        String code = e instanceof AwsServiceException a && a.awsErrorDetails() != null ? a.awsErrorDetails().errorCode() : null;
        StringBuilder m = new StringBuilder(500).append("Could not check idempotency table '").append(tableName)
                .append("' at init: ").append(call).append(" failed (");
        if ("AccessDeniedException".equals(code)) {
            m.append("AccessDeniedException: the function's role may not call dynamodb:").append(call).append(" on it");
        } else {
            m.append(e.getClass().getSimpleName()).append(e.getMessage() == null ? "" : ": " + e.getMessage());
        }
        m.append("). Nothing fails because of it: a missing table or a wrong key schema is reported by the first"
                + " idempotent call instead. To check at init, allow dynamodb:DescribeTable and dynamodb:DescribeTimeToLive"
                + " on the table; to skip the check, set ").append(IdempotencyEngineConfig.tableCheckOffSetting())
                .append(" or call tableCheck(false)");
        Logger log = LoggerFactory.getLogger(LOGGER);
        log.info("{}", m);
    }

    /**
     * @param e   what a write or read of the table threw
     * @param key the idempotency key being claimed
     * @return the table problem it reports, or null when it is another failure
     */
    public IdempotencyTableException translate(RuntimeException e, String key) {
        if (e instanceof ResourceNotFoundException r) {
            return notFound(r, "claiming idempotency key " + key);
        }
        if (e instanceof DynamoDbException d && d.awsErrorDetails() != null
                && "ValidationException".equals(d.awsErrorDetails().errorCode()) && isKeySchemaMessage(d.awsErrorDetails().errorMessage())) {
            return keySchema(null, d.awsErrorDetails().errorMessage(), d);
        }
        return null;
    }

    /**
     * A claim whose failed condition returned the item of another key: the table's key schema lacks the
     * store's sort key, so every key lands on the one item of the static partition key value.
     *
     * @param key   the key being claimed
     * @param found the key of the item DynamoDB returned
     * @return the problem
     */
    public IdempotencyTableException foreignItem(String key, String found) {
        return keySchema(null, "claiming key " + key + " returned the item of key " + found + ": the table has no sort key '"
                + sortKeyAttr + "', so every key shares one item", null);
    }

    private static boolean isKeySchemaMessage(String message) {
        if (message == null) {
            return false;
        }
        return message.contains("Missing the key") || message.contains("required keys")
                || message.contains("Type mismatch for key") || message.contains("does not match the schema")
                || message.contains("conditions on the keys");
    }

    private IdempotencyTableException notFound(ResourceNotFoundException e, String when) {
        StringBuilder m = new StringBuilder(900).append("Idempotency table '").append(tableName).append("' does not exist");
        where(m);
        m.append(" (").append(when).append(": ").append(e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage())
                .append("). The body did not run. Check the name passed to DynamoDbIdempotencyStore.builder().tableName(..)"
                        + " and the function's region, or create the table: ");
        create(m);
        return new IdempotencyTableException(tableName, Problem.NOT_FOUND, m.toString(), e);
    }

    private IdempotencyTableException keySchema(String actual, String dynamoDbSaid, Throwable cause) {
        StringBuilder m = new StringBuilder(900).append("Idempotency table '").append(tableName).append('\'');
        where(m);
        if (actual != null) {
            m.append(" has key schema ").append(actual).append(" but the store expects ").append(expected);
        } else {
            m.append(" does not have the key schema the store expects, ").append(expected)
                    .append(" (DynamoDB: ").append(dynamoDbSaid).append(')');
        }
        m.append(" (keyAttr(\"").append(keyAttr).append("\")");
        if (sortKeyAttr != null) {
            m.append(", sortKeyAttr(\"").append(sortKeyAttr).append("\")");
        }
        m.append(" of DynamoDbIdempotencyStore.builder()). The body did not run. ");
        String hint = hint(actual);
        if (hint != null) {
            m.append(hint).append("; or ");
        } else {
            m.append("A table's key schema cannot be changed: ");
        }
        m.append("create a table for it: ");
        create(m);
        return new IdempotencyTableException(tableName, Problem.KEY_SCHEMA, m.toString(), cause);
    }

    /** A builder call that makes the store match a table it could use as it is, or null. */
    private String hint(String actual) {
        if (actual == null) {
            return null;
        }
        // "[HASH pk (S)]" or "[HASH pk (S), RANGE sk (S)]": string keys are all the store can write
        if (!actual.contains(" (S)") || actual.contains(" (N)") || actual.contains(" (B)")) {
            return "A table's key schema cannot be changed, and the store's keys are strings: the table's keys are not";
        }
        int comma = actual.indexOf(", RANGE ");
        String hash = actual.substring("[HASH ".length(), actual.indexOf(" (S)"));
        if (comma < 0) {
            return "If it is an idempotency table with another key name, call keyAttr(\"" + hash + "\")"
                    + (sortKeyAttr != null ? " and drop sortKeyAttr(..)" : "");
        }
        String range = actual.substring(comma + ", RANGE ".length(), actual.lastIndexOf(" (S)"));
        return "If it is an idempotency table with a composite key, call keyAttr(\"" + hash + "\").sortKeyAttr(\"" + range + "\")";
    }

    /** Appends the table's whereabouts: region, endpoint override, account (when the invocation knows it). */
    private void where(StringBuilder m) {
        String region = null;
        URI endpoint = null;
        try {
            DynamoDbServiceClientConfiguration c = client.serviceClientConfiguration();
            Region r = c.region();
            region = r == null ? null : r.id();
            endpoint = c.endpointOverride().orElse(null);
        } catch (RuntimeException e) {
            // a client that cannot say (a test double): leave it out
        }
        m.append(" in region ").append(region == null ? "(unknown)" : region);
        String account = account();
        if (account != null) {
            m.append(", account ").append(account);
        }
        if (endpoint != null) {
            m.append(", at endpoint ").append(endpoint);
        }
    }

    /** @return the account of the invoked function's ARN, when called during an invocation */
    private static String account() {
        Context context = InvocationContext.current().map(InvocationContext::lambdaContext).orElse(null);
        String arn = context == null ? null : context.getInvokedFunctionArn();
        if (arn == null || !arn.startsWith("arn:")) {
            return null;
        }
        int from = 0;
        for (int i = 0; i < 4; i++) {
            from = arn.indexOf(':', from) + 1;
            if (from == 0) {
                return null;
            }
        }
        int to = arn.indexOf(':', from);
        return to > from ? arn.substring(from, to) : null;
    }

    /** Appends how to create the table: the CLI lines and the CloudFormation resource's key parts. */
    private void create(StringBuilder m) {
        m.append("aws dynamodb create-table --table-name ").append(tableName)
                .append(" --attribute-definitions AttributeName=").append(keyAttr).append(",AttributeType=S");
        if (sortKeyAttr != null) {
            m.append(" AttributeName=").append(sortKeyAttr).append(",AttributeType=S");
        }
        m.append(" --key-schema AttributeName=").append(keyAttr).append(",KeyType=HASH");
        if (sortKeyAttr != null) {
            m.append(" AttributeName=").append(sortKeyAttr).append(",KeyType=RANGE");
        }
        m.append(" --billing-mode PAY_PER_REQUEST, then aws dynamodb update-time-to-live --table-name ").append(tableName)
                .append(" --time-to-live-specification Enabled=true,AttributeName=").append(expiryAttr)
                .append(" (SAM/CloudFormation: an AWS::DynamoDB::Table with KeySchema [{AttributeName: ").append(keyAttr)
                .append(", KeyType: HASH}");
        if (sortKeyAttr != null) {
            m.append(", {AttributeName: ").append(sortKeyAttr).append(", KeyType: RANGE}");
        }
        m.append("], those AttributeDefinitions of type S, TimeToLiveSpecification {AttributeName: ").append(expiryAttr)
                .append(", Enabled: true}; see \"The table\" in lambdakit's idempotency docs)");
    }

    /** @return e.g. {@code [HASH id (S)]} or {@code [HASH id (S), RANGE sk (S)]} */
    private static String keySchemaOf(TableDescription table) {
        String hash = null;
        String range = null;
        for (KeySchemaElement k : table.keySchema()) {
            String typed = k.attributeName() + " (" + typeOf(table.attributeDefinitions(), k.attributeName()) + ")";
            if (k.keyType() == KeyType.HASH) {
                hash = typed;
            } else {
                range = typed;
            }
        }
        return "[HASH " + hash + (range == null ? "" : ", RANGE " + range) + "]";
    }

    private static String typeOf(List<AttributeDefinition> definitions, String name) {
        for (AttributeDefinition d : definitions) {
            if (d.attributeName().equals(name)) {
                return d.attributeTypeAsString();
            }
        }
        return "?";
    }

    /** The check's thread body (a plain class: no lambda on the init path). */
    private static final class CheckRun implements Runnable {
        private final DynamoDbTable table;

        CheckRun(DynamoDbTable table) {
            this.table = table;
        }

        @Override
        public void run() {
            table.check();
        }
    }

    /** Before a checkpoint: no check request may be in flight in the snapshot. */
    private enum FinishCheck implements Lifecycle.Hook<DynamoDbTable> {
        INSTANCE;

        @Override
        public void run(DynamoDbTable table) {
            table.awaitQuietly();
        }
    }
}
