package io.lambdakit.idempotency;

import io.lambdakit.core.ConfigurationException;
import io.lambdakit.core.Environment;
import io.lambdakit.core.ExecutionEnvironment;
import io.lambdakit.core.Lifecycle;
import io.lambdakit.core.spi.Diagnostics;
import io.lambdakit.core.spi.Utf8;
import io.lambdakit.idempotency.internal.DynamoDbTable;
import io.lambdakit.idempotency.internal.IdempotencyEngine;
import io.lambdakit.idempotency.spi.ClaimResult;
import io.lambdakit.idempotency.spi.IdempotencyStore;
import io.lambdakit.idempotency.spi.WriteResult;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The DynamoDB {@link IdempotencyStore}, with the Powertools schema and defaults, so a table
 * Powertools for AWS Lambda (Java) wrote keeps working: partition key {@code id} (S) holding the
 * key (or a static partition key {@code idempotency#<function>} plus a sort key holding it),
 * {@code expiration} (N, epoch seconds: make it the table's TTL attribute), {@code
 * in_progress_expiration} (N, epoch milliseconds), {@code status} ({@code INPROGRESS} or
 * {@code COMPLETED}), {@code data} and {@code validation} (S), plus lambdakit's {@code claim_token}
 * (S): the token of the claim that wrote the item, which Powertools ignores.
 *
 * <p>Round trips: a claim is one conditional {@code PutItem} that returns the existing item when
 * the condition fails ({@code ReturnValuesOnConditionCheckFailure=ALL_OLD}, no extra
 * {@code GetItem}); a completion is one {@code PutItem} on condition {@code claim_token = :token};
 * a failure is one {@code DeleteItem} on condition {@code attribute_not_exists(id) OR claim_token =
 * :token}; both return the item that fenced them out. So a first call costs 2 writes and a repeat
 * costs 1 round trip. Items over DynamoDB's 400 KB limit
 * are rejected before the write. IAM: {@code dynamodb:PutItem}, {@code dynamodb:DeleteItem},
 * {@code dynamodb:GetItem} (wait mode), {@code dynamodb:DescribeTable} and {@code dynamodb:DescribeTimeToLive}
 * (the table check at init, see {@link Builder#tableCheck(boolean)}) on the table.
 *
 * <p>A table that does not exist or whose key schema is not the one this store writes is reported as
 * {@link IdempotencyTableException} by the claim, before the body runs.
 *
 * <p>The default client uses the url-connection HTTP client (the lightest cold start), the region
 * from {@code AWS_REGION}, inside Lambda the credentials from the environment, and the SDK's
 * STANDARD retry mode (3 attempts), so a throttled or unreachable table fails the claim within
 * seconds rather than the minute DynamoDB's legacy retry policy can take. It is created
 * in {@link Builder#build()} (at init, before a SnapStart snapshot), not on the first invocation.
 */
public final class DynamoDbIdempotencyStore implements IdempotencyStore {

    /** DynamoDB's item size limit: 400 KB, attribute names included. */
    public static final int MAX_ITEM_BYTES = 400 * 1024;

    private static final Pattern TABLE_NAME = Pattern.compile("[a-zA-Z0-9_.-]{3,255}");
    private static final String CLAIM_CONDITION = "attribute_not_exists(#id) OR #expiry < :now OR "
            + "(attribute_exists(#in_progress_expiry) AND #in_progress_expiry < :now_in_millis AND #status = :inprogress)";
    private static final AttributeValue INPROGRESS = AttributeValue.fromS(IdempotencyRecord.Status.INPROGRESS.name());
    private static final String COMPLETE_CONDITION = "#token = :token";
    private static final String DELETE_CONDITION = "attribute_not_exists(#id) OR #token = :token";

    private final DynamoDbClient client;
    private final String tableName;
    private final String keyAttr;
    private final String sortKeyAttr;
    private final String staticPkValue;
    private final String expiryAttr;
    private final String inProgressExpiryAttr;
    private final String statusAttr;
    private final String dataAttr;
    private final String validationAttr;
    private final String claimTokenAttr;
    private final Map<String, String> claimNames;
    private final Map<String, String> completeNames;
    private final Map<String, String> deleteNames;
    private final DynamoDbTable table;

    private DynamoDbIdempotencyStore(Builder b, DynamoDbClient client, String staticPkValue, DynamoDbTable table) {
        this.client = client;
        this.table = table;
        this.tableName = b.tableName;
        this.keyAttr = b.keyAttr;
        this.sortKeyAttr = b.sortKeyAttr;
        this.staticPkValue = staticPkValue;
        this.expiryAttr = b.expiryAttr;
        this.inProgressExpiryAttr = b.inProgressExpiryAttr;
        this.statusAttr = b.statusAttr;
        this.dataAttr = b.dataAttr;
        this.validationAttr = b.validationAttr;
        this.claimTokenAttr = b.claimTokenAttr;
        this.claimNames = Map.of("#id", keyAttr, "#expiry", expiryAttr, "#in_progress_expiry", inProgressExpiryAttr,
                "#status", statusAttr);
        this.completeNames = Map.of("#token", claimTokenAttr);
        this.deleteNames = Map.of("#id", keyAttr, "#token", claimTokenAttr);
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the table name */
    public String tableName() {
        return tableName;
    }

    @Override
    public ClaimResult claim(IdempotencyRecord record, Instant now) {
        table.awaitCheck();
        Map<String, AttributeValue> item = toItem(record);
        checkSize(record.key(), item, "INPROGRESS");
        PutItemRequest request = PutItemRequest.builder()
                .tableName(tableName)
                .item(item)
                .conditionExpression(CLAIM_CONDITION)
                .expressionAttributeNames(claimNames)
                .expressionAttributeValues(Map.of(
                        ":now", AttributeValue.fromN(Long.toString(now.getEpochSecond())),
                        ":now_in_millis", AttributeValue.fromN(Long.toString(now.toEpochMilli())),
                        ":inprogress", INPROGRESS))
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build();
        for (int attempt = 1; ; attempt++) {
            try {
                client().putItem(request);
                return ClaimResult.claimed();
            } catch (ConditionalCheckFailedException e) {
                if (e.hasItem() && !e.item().isEmpty()) {
                    IdempotencyRecord existing = fromItem(e.item());
                    if (!existing.key().equals(record.key())) {
                        throw table.foreignItem(record.key(), existing.key());
                    }
                    return ClaimResult.alreadyExists(existing);
                }
                // No old item came back (older DynamoDB-compatible servers): read it instead.
                Optional<IdempotencyRecord> existing = get(record.key());
                if (existing.isPresent()) {
                    return ClaimResult.alreadyExists(existing.get());
                }
                if (attempt >= 3) {
                    throw new IllegalStateException("the conditional claim of key " + record.key()
                            + " failed 3 times but no item exists; is another writer deleting it?", e);
                }
            } catch (DynamoDbException e) {
                IdempotencyTableException problem = table.translate(e, record.key());
                if (problem != null) {
                    throw problem;
                }
                throw e;
            }
        }
    }

    @Override
    public WriteResult complete(IdempotencyRecord record) {
        String token = IdempotencyRecord.requireClaimToken(record.claimToken().orElse(null), record.key());
        Map<String, AttributeValue> item = toItem(record);
        checkSize(record.key(), item, "COMPLETED");
        try {
            client().putItem(PutItemRequest.builder().tableName(tableName).item(item)
                    .conditionExpression(COMPLETE_CONDITION)
                    .expressionAttributeNames(completeNames)
                    .expressionAttributeValues(Map.of(":token", AttributeValue.fromS(token)))
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                    .build());
            return WriteResult.applied();
        } catch (ConditionalCheckFailedException e) {
            return WriteResult.fencedOut(holderAfter(e, record.key()).orElse(null));
        }
    }

    @Override
    public WriteResult delete(String key, String claimToken) {
        String token = IdempotencyRecord.requireClaimToken(claimToken, key);
        try {
            client().deleteItem(DeleteItemRequest.builder().tableName(tableName).key(keyOf(key))
                    .conditionExpression(DELETE_CONDITION)
                    .expressionAttributeNames(deleteNames)
                    .expressionAttributeValues(Map.of(":token", AttributeValue.fromS(token)))
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                    .build());
            return WriteResult.applied();
        } catch (ConditionalCheckFailedException e) {
            Optional<IdempotencyRecord> current = holderAfter(e, key);
            return current.isPresent() ? WriteResult.fencedOut(current.get()) : WriteResult.applied();
        }
    }

    /**
     * The record that made a fenced write fail: the old item the failure carries, or, when the item is gone
     * or an older DynamoDB-compatible server returned none, a strongly consistent read of it.
     */
    private Optional<IdempotencyRecord> holderAfter(ConditionalCheckFailedException e, String key) {
        if (e.hasItem() && !e.item().isEmpty()) {
            return Optional.of(fromItem(e.item()));
        }
        return get(key);
    }

    @Override
    public Optional<IdempotencyRecord> get(String key) {
        GetItemResponse response = client().getItem(GetItemRequest.builder()
                .tableName(tableName).key(keyOf(key)).consistentRead(true).build());
        return response.hasItem() && !response.item().isEmpty() ? Optional.of(fromItem(response.item())) : Optional.empty();
    }

    private DynamoDbClient client() {
        if (client == null) {
            throw new IllegalStateException("this store was built while " + IdempotencyEngine.disabledSetting()
                    + ", so it has no DynamoDB client; unset the variable or pass client(..)");
        }
        return client;
    }

    private Map<String, AttributeValue> keyOf(String key) {
        if (sortKeyAttr == null) {
            return Map.of(keyAttr, AttributeValue.fromS(key));
        }
        return Map.of(keyAttr, AttributeValue.fromS(staticPkValue), sortKeyAttr, AttributeValue.fromS(key));
    }

    private Map<String, AttributeValue> toItem(IdempotencyRecord record) {
        Map<String, AttributeValue> item = new HashMap<>(keyOf(record.key()));
        item.put(statusAttr, AttributeValue.fromS(record.status().name()));
        item.put(expiryAttr, AttributeValue.fromN(Long.toString(record.expiration().getEpochSecond())));
        record.inProgressExpiration().ifPresent(t -> item.put(inProgressExpiryAttr, AttributeValue.fromN(Long.toString(t.toEpochMilli()))));
        record.responseData().ifPresent(d -> item.put(dataAttr, AttributeValue.fromS(d)));
        record.validationHash().ifPresent(v -> item.put(validationAttr, AttributeValue.fromS(v)));
        record.claimToken().ifPresent(t -> item.put(claimTokenAttr, AttributeValue.fromS(t)));
        return item;
    }

    private IdempotencyRecord fromItem(Map<String, AttributeValue> item) {
        String key = string(item, sortKeyAttr == null ? keyAttr : sortKeyAttr);
        if (key == null) {
            throw new IllegalStateException("an item of table " + tableName + " has no key attribute '"
                    + (sortKeyAttr == null ? keyAttr : sortKeyAttr) + "'; check the store's attribute names");
        }
        String status = string(item, statusAttr);
        IdempotencyRecord.Status parsed;
        try {
            parsed = IdempotencyRecord.Status.valueOf(Objects.requireNonNull(status, "status"));
        } catch (RuntimeException e) {
            throw new IllegalStateException("the item for key " + key + " in table " + tableName + " has status '"
                    + status + "' in attribute '" + statusAttr + "'; expected INPROGRESS or COMPLETED", e);
        }
        Long expiry = number(item, expiryAttr, key);
        if (expiry == null) {
            throw new IllegalStateException("the item for key " + key + " in table " + tableName
                    + " has no number attribute '" + expiryAttr + "'");
        }
        Long inProgressExpiry = number(item, inProgressExpiryAttr, key);
        String token = string(item, claimTokenAttr);
        return IdempotencyRecord.of(key, parsed, Instant.ofEpochSecond(expiry),
                inProgressExpiry == null ? null : Instant.ofEpochMilli(inProgressExpiry),
                string(item, dataAttr), string(item, validationAttr), token == null || token.isEmpty() ? null : token);
    }

    private static String string(Map<String, AttributeValue> item, String attr) {
        AttributeValue v = item.get(attr);
        return v == null ? null : v.s();
    }

    private Long number(Map<String, AttributeValue> item, String attr, String key) {
        AttributeValue v = item.get(attr);
        if (v == null || v.n() == null) {
            return null;
        }
        try {
            return Long.parseLong(v.n());
        } catch (NumberFormatException e) {
            // Some writers store fractional epoch values: keep the whole part.
            try {
                return (long) Double.parseDouble(v.n());
            } catch (NumberFormatException e2) {
                throw new IllegalStateException("the item for key " + key + " in table " + tableName + " has a"
                        + " non-numeric '" + attr + "'", e2);
            }
        }
    }

    private static void checkSize(String key, Map<String, AttributeValue> item, String status) {
        long size = 0;
        for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
            size += Utf8.length(e.getKey());
            AttributeValue v = e.getValue();
            if (v.s() != null) {
                size += Utf8.length(v.s());
            } else if (v.n() != null) {
                size += v.n().length() / 2 + 2;
            }
        }
        if (size > MAX_ITEM_BYTES) {
            throw new IllegalArgumentException("the " + status + " item for key " + key + " would be " + size
                    + " bytes, over DynamoDB's " + MAX_ITEM_BYTES + "-byte (400 KB) item limit, so it was not written;"
                    + " return a smaller result (for example an id the caller can look the data up by)");
        }
    }

    @Override
    public String toString() {
        return "DynamoDbIdempotencyStore[table=" + tableName + ", key=" + keyAttr
                + (sortKeyAttr == null ? "" : ", sortKey=" + sortKeyAttr + ", staticPk=" + staticPkValue) + "]";
    }

    /** Builds a {@link DynamoDbIdempotencyStore}; {@link #build()} reports every problem in one exception. */
    public static final class Builder {
        private String tableName;
        private DynamoDbClient client;
        private String keyAttr = "id";
        private String sortKeyAttr;
        private String staticPkValue;
        private String expiryAttr = "expiration";
        private String inProgressExpiryAttr = "in_progress_expiration";
        private String statusAttr = "status";
        private String dataAttr = "data";
        private String validationAttr = "validation";
        private String claimTokenAttr = "claim_token";
        private Environment environment;
        private Consumer<DynamoDbClientBuilder> clientCustomizer;
        private Boolean tableCheck;
        private Diagnostics diagnostics;
        private Lifecycle lifecycle;

        private Builder() {
        }

        /**
         * @param tableName the table (required)
         * @return this builder
         */
        public Builder tableName(String tableName) {
            this.tableName = tableName;
            return this;
        }

        /**
         * Uses a client of one's own, unchanged: its retry policy, timeouts and HTTP client stay as they are
         * (a client built with no retry settings gets the SDK's default for DynamoDB, 9 attempts; add
         * {@code overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD))} for the store's 3, or use
         * {@link #clientBuilder(Consumer)}).
         *
         * @param client a client of one's own (e.g. with an endpoint override); default: url-connection client,
         *               region from {@code AWS_REGION}, STANDARD retries
         * @return this builder
         */
        public Builder client(DynamoDbClient client) {
            this.client = client;
            return this;
        }

        /**
         * Adjusts the default client before it is built (endpoint, credentials, timeouts), keeping its
         * url-connection HTTP client, region and STANDARD retry mode unless the customizer replaces them. Setting
         * other override options ({@code b.overrideConfiguration(o -> ..)} replaces the whole override
         * configuration) keeps the retry mode; setting a retry strategy or mode replaces it.
         * Ignored when {@link #client(DynamoDbClient)} is given.
         *
         * @param customizer called with the default client's builder, e.g. {@code b -> b.endpointOverride(uri)}
         * @return this builder
         */
        public Builder clientBuilder(Consumer<DynamoDbClientBuilder> customizer) {
            this.clientCustomizer = customizer;
            return this;
        }

        /**
         * @param name the partition key attribute (default {@code id})
         * @return this builder
         */
        public Builder keyAttr(String name) {
            this.keyAttr = name;
            return this;
        }

        /**
         * @param name a sort key attribute: the table has a composite key, the partition key holds a static value
         *             and the sort key holds the idempotency key (default: none)
         * @return this builder
         */
        public Builder sortKeyAttr(String name) {
            this.sortKeyAttr = name;
            return this;
        }

        /**
         * @param value the partition key value with a sort key (default {@code idempotency#<AWS_LAMBDA_FUNCTION_NAME>})
         * @return this builder
         */
        public Builder staticPkValue(String value) {
            this.staticPkValue = value;
            return this;
        }

        /**
         * @param name the expiry attribute, epoch seconds, the table's TTL attribute (default {@code expiration})
         * @return this builder
         */
        public Builder expiryAttr(String name) {
            this.expiryAttr = name;
            return this;
        }

        /**
         * @param name the in-progress expiry attribute, epoch milliseconds (default {@code in_progress_expiration})
         * @return this builder
         */
        public Builder inProgressExpiryAttr(String name) {
            this.inProgressExpiryAttr = name;
            return this;
        }

        /**
         * @param name the status attribute (default {@code status})
         * @return this builder
         */
        public Builder statusAttr(String name) {
            this.statusAttr = name;
            return this;
        }

        /**
         * @param name the response attribute (default {@code data})
         * @return this builder
         */
        public Builder dataAttr(String name) {
            this.dataAttr = name;
            return this;
        }

        /**
         * @param name the payload-validation hash attribute (default {@code validation})
         * @return this builder
         */
        public Builder validationAttr(String name) {
            this.validationAttr = name;
            return this;
        }

        /**
         * @param name the claim token attribute, lambdakit's own: the fence that makes completions and deletions
         *             conditional on the claim (default {@code claim_token}; Powertools ignores it)
         * @return this builder
         */
        public Builder claimTokenAttr(String name) {
            this.claimTokenAttr = name;
            return this;
        }

        /**
         * Checks the table at init: one {@code DescribeTable} (the key schema must be the one this store writes)
         * and one {@code DescribeTimeToLive} (TTL on {@code expiryAttr}), on a background thread started by
         * {@link #build()} and joined by the first claim, so init does not wait for them. A key schema the store
         * cannot use fails every claim with {@link IdempotencyTableException}; a missing table is also reported at
         * init; TTL not enabled is a warning. A check that cannot run (no {@code dynamodb:DescribeTable}
         * permission, DynamoDB unreachable) fails nothing: the first claim's write reports table problems then.
         * Default: {@code LAMBDAKIT_IDEMPOTENCY_TABLE_CHECK}, else true.
         *
         * @param check false to skip the check
         * @return this builder
         */
        public Builder tableCheck(boolean check) {
            this.tableCheck = check;
            return this;
        }

        /** Tests: where the table check reports (default: standard error). */
        Builder diagnostics(Diagnostics diagnostics) {
            this.diagnostics = diagnostics;
            return this;
        }

        /** Tests: the lifecycle whose checkpoint waits for the table check (default: the current execution environment's). */
        Builder lifecycle(Lifecycle lifecycle) {
            this.lifecycle = lifecycle;
            return this;
        }

        /**
         * @param environment where {@code AWS_LAMBDA_FUNCTION_NAME}, {@code AWS_REGION} and
         *                    {@code POWERTOOLS_IDEMPOTENCY_DISABLED} are read (default: the current execution environment's)
         * @return this builder
         */
        public Builder environment(Environment environment) {
            this.environment = environment;
            return this;
        }

        /**
         * @return the store, with its client created
         * @throws ConfigurationException listing every problem
         */
        public DynamoDbIdempotencyStore build() {
            Environment env = environment != null ? environment : ExecutionEnvironment.current().environment();
            ConfigurationException.Problems problems = ConfigurationException.problems(IdempotencyEngine.COMPONENT);
            boolean disabled = IdempotencyEngine.disabledByEnvironment(env, problems);
            boolean check = tableCheck != null ? tableCheck : IdempotencyEngine.tableCheckByEnvironment(env, problems);
            problems.require(tableName != null && TABLE_NAME.matcher(tableName).matches(), "tableName was '" + tableName
                    + "' but it must be 3 to 255 characters of a-z, A-Z, 0-9, '_', '-' and '.'; call tableName(..)"
                    + " with the idempotency table's name");
            List<String> attrs = new ArrayList<>();
            attr(problems, attrs, "keyAttr", keyAttr);
            if (sortKeyAttr != null) {
                attr(problems, attrs, "sortKeyAttr", sortKeyAttr);
            }
            attr(problems, attrs, "expiryAttr", expiryAttr);
            attr(problems, attrs, "inProgressExpiryAttr", inProgressExpiryAttr);
            attr(problems, attrs, "statusAttr", statusAttr);
            attr(problems, attrs, "dataAttr", dataAttr);
            attr(problems, attrs, "validationAttr", validationAttr);
            attr(problems, attrs, "claimTokenAttr", claimTokenAttr);
            Set<String> distinct = new HashSet<>(attrs);
            problems.require(distinct.size() == attrs.size(), "attribute names " + attrs + " must all differ");
            problems.require(staticPkValue == null || sortKeyAttr != null, "staticPkValue was set but sortKeyAttr was"
                    + " not; a static partition key needs a sort key: call sortKeyAttr(\"sk\") too");
            problems.require(staticPkValue == null || !staticPkValue.isBlank(), "staticPkValue must not be blank");
            DynamoDbClient c = client;
            if (c == null && !disabled) {
                problems.require(env.region().isPresent(), "no region: " + Environment.AWS_REGION + " is not set; set it (Lambda does) or pass"
                        + " client(DynamoDbClient.builder()...build())");
            }
            problems.throwIfAny();
            String pk = staticPkValue != null ? staticPkValue
                    : "idempotency#" + env.functionName().orElse(IdempotencyEngine.DEFAULT_FUNCTION_NAME);
            if (c == null && !disabled) {
                DynamoDbClientBuilder b = DynamoDbClient.builder()
                        .httpClient(UrlConnectionHttpClient.create())
                        .region(Region.of(env.region().orElseThrow()))
                        .credentialsProvider(credentials(env));
                if (clientCustomizer != null) {
                    clientCustomizer.accept(b);
                }
                c = b.overrideConfiguration(withStandardRetries(b.overrideConfiguration())).build();
            }
            DynamoDbTable table = DynamoDbTable.of(c, tableName, keyAttr, sortKeyAttr, expiryAttr);
            if (check && c != null) {
                Diagnostics d = diagnostics != null ? diagnostics : Diagnostics.create("io.lambdakit.idempotency",
                        env.serviceName(), Clock.systemUTC(), Diagnostics.standardErrorSink());
                table.startCheck(d, lifecycle != null ? lifecycle : ExecutionEnvironment.current().lifecycle());
            }
            return new DynamoDbIdempotencyStore(this, c, pk, table);
        }

        /**
         * STANDARD (3 attempts) instead of DynamoDB's legacy default (9 attempts with throttling backoff, about a
         * minute), so a throttled or unreachable table fails the claim within seconds, inside the Lambda timeout.
         * Applied after the customizer, so one that sets other override options (an interceptor, a timeout), which
         * replaces the whole override configuration, keeps it; one that sets its own retry strategy or mode keeps that.
         */
        private static ClientOverrideConfiguration withStandardRetries(ClientOverrideConfiguration o) {
            if (o.retryStrategy().isPresent() || o.retryMode().isPresent() || hasRetryPolicy(o)) {
                return o;
            }
            return o.toBuilder().retryStrategy(RetryMode.STANDARD).build();
        }

        @SuppressWarnings("deprecation") // a customizer may still set the legacy RetryPolicy: it is theirs too
        private static boolean hasRetryPolicy(ClientOverrideConfiguration o) {
            return o.retryPolicy().isPresent();
        }

        private static AwsCredentialsProvider credentials(Environment env) {
            // Inside Lambda the role's credentials are in the environment: skip the provider chain's probing.
            return env.isLambda() && env.sessionToken().isPresent()
                    ? EnvironmentVariableCredentialsProvider.create()
                    : DefaultCredentialsProvider.builder().build();
        }

        private static void attr(ConfigurationException.Problems problems, List<String> attrs, String option, String value) {
            problems.require(value != null && !value.isBlank(), option + " was '" + value + "' but it must not be blank");
            if (value != null) {
                attrs.add(value);
            }
        }
    }

}
