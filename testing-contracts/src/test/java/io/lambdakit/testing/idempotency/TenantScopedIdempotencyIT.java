package io.lambdakit.testing.idempotency;

import io.lambdakit.testing.DynamoDbLocal;
import io.lambdakit.testing.InvocationResult;
import io.lambdakit.testing.LocalFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tenants end to end: two tenants send the same orders, shuffled and several times each, at once, to a
 * tenant-isolated function (each tenant its own execution environment) and to a managed-instances function
 * (both tenants' invocations in flight together in one environment). The idempotency key is tenant-scoped,
 * so each payload runs once per tenant (two executions, counted by the body itself in DynamoDB Local) and each
 * tenant replays only its own response; every invocation's log lines carry its own tenant id and its own
 * tenant's correlation id, and its EMF blob its own tenant's {@code tenant_id} and {@code Tenant} dimension.
 */
class TenantScopedIdempotencyIT {

    private static final int ORDERS = 8;
    private static final int COPIES = 3;
    private static final List<String> TENANTS = List.of("tenant-a", "tenant-b");

    private static DynamoDbLocal dynamoDb;

    /** One invocation: which order, for which tenant. */
    private record Call(String orderId, String tenant) {
        String json() {
            return "{\"orderId\":\"" + orderId + "\",\"amount\":7,\"token\":\"" + token() + "\"}";
        }

        /** The correlation id: the same for a tenant's copies of an order, different between tenants. */
        String token() {
            return tenant + "/" + orderId;
        }
    }

    @BeforeAll
    static void startDynamoDb() {
        dynamoDb = DynamoDbLocal.builder().mode(DynamoDbLocal.Mode.SERVER).start();
    }

    @AfterAll
    static void stopDynamoDb() {
        if (dynamoDb != null) {
            dynamoDb.close();
        }
    }

    @Test
    void tenantIsolatedFunction_samePayloadFromTwoTenants_runsOncePerTenant_andEachTenantSeesOnlyItsOwn() {
        List<Call> calls = calls("i-");
        String executions = dynamoDb.createTableWithoutTtl();
        List<InvocationResult> results;
        try (LocalFunction fn = function(executions).tenantIsolation(true).start()) {
            results = invokeAll(fn, calls);
            assertThat(fn.tenantIds()).containsExactlyInAnyOrderElementsOf(TENANTS);
        }

        assertIsolated(calls, results, executions, false);
        Map<String, Set<String>> environmentsByTenant = new LinkedHashMap<>();
        for (int i = 0; i < calls.size(); i++) {
            environmentsByTenant.computeIfAbsent(calls.get(i).tenant(), k -> new HashSet<>()).add(results.get(i).environmentId());
        }
        assertThat(environmentsByTenant.get("tenant-a")).as("execution environments of tenant-a")
                .doesNotContainAnyElementsOf(environmentsByTenant.get("tenant-b"));
    }

    /**
     * Lambda does not combine tenant isolation with managed instances, but the key is tenant-scoped wherever the
     * invocation has a tenant id: two tenants' invocations in flight together in one environment still never
     * share a stored response, and each invocation's metrics carry its own tenant.
     */
    @Test
    void tenantsInFlightTogetherInOneEnvironment_stillRunOncePerTenant_andSeeOnlyTheirOwn() {
        List<Call> calls = calls("m-");
        String executions = dynamoDb.createTableWithoutTtl();
        List<InvocationResult> results;
        try (LocalFunction fn = function(executions).maxConcurrency(8).start()) {
            results = invokeAll(fn, calls);
            assertThat(fn.environmentsStarted()).isEqualTo(1);
        }

        assertIsolated(calls, results, executions, true);
    }

    private static LocalFunction.Builder function(String executions) {
        return LocalFunction.builder()
                .handler(ConcurrentOrderHandler.class)
                .functionName("orders-tenants")
                .timeout(Duration.ofSeconds(30))
                .environment("IDEMPOTENCY_TABLE", dynamoDb.createTableWithoutTtl())
                .environment("EXECUTIONS_TABLE", executions)
                .environment("DYNAMODB_ENDPOINT", dynamoDb.endpoint().toString());
    }

    /** Each order from each tenant {@code COPIES} times, shuffled. */
    private static List<Call> calls(String prefix) {
        List<Call> calls = new ArrayList<>();
        for (int i = 0; i < ORDERS; i++) {
            for (String tenant : TENANTS) {
                for (int c = 0; c < COPIES; c++) {
                    calls.add(new Call(prefix + i, tenant));
                }
            }
        }
        Collections.shuffle(calls, new Random(20));
        return calls;
    }

    /** Submits every call at once, each with its tenant id, and returns the results in the calls' order. */
    private static List<InvocationResult> invokeAll(LocalFunction fn, List<Call> calls) {
        List<CompletableFuture<InvocationResult>> futures = new ArrayList<>();
        for (Call call : calls) {
            futures.add(fn.invokeAsync(call.json(), LocalFunction.InvokeOptions.create().tenantId(call.tenant())));
        }
        List<InvocationResult> results = new ArrayList<>();
        futures.forEach(f -> results.add(f.join()));
        return results;
    }

    /**
     * One execution per order and tenant (so two per payload, with different charges), every other copy
     * replaying its own tenant's response (or refused as in progress, where copies of a tenant run at once),
     * and every EMF blob of an invocation naming that invocation and its tenant.
     */
    private static void assertIsolated(List<Call> calls, List<InvocationResult> results, String executions, boolean concurrentCopies) {
        Map<Call, List<InvocationResult>> byCall = new LinkedHashMap<>();
        for (int i = 0; i < calls.size(); i++) {
            byCall.computeIfAbsent(calls.get(i), k -> new ArrayList<>()).add(results.get(i));
        }
        assertThat(byCall).hasSize(ORDERS * TENANTS.size());
        Map<String, Set<String>> chargesByOrder = new LinkedHashMap<>();
        for (Map.Entry<Call, List<InvocationResult>> e : byCall.entrySet()) {
            Call call = e.getKey();
            Executions.Outcome outcome = Executions.ofOrder(dynamoDb.admin(), executions, call.orderId(), call.tenant(), e.getValue(), false);
            if (!concurrentCopies) {
                assertThat(outcome.refused()).as("copies of %s (%s) run one after the other", call.orderId(), call.tenant()).isZero();
            }
            chargesByOrder.computeIfAbsent(call.orderId(), k -> new HashSet<>())
                    .add(outcome.execution().responseJson().path("chargeId").asText());
        }
        assertThat(chargesByOrder).hasSize(ORDERS)
                .allSatisfy((order, charges) -> assertThat(charges).as("charges of %s: one per tenant", order).hasSize(TENANTS.size()));

        for (int i = 0; i < calls.size(); i++) {
            InvocationResult result = results.get(i);
            String tenant = calls.get(i).tenant();
            String token = calls.get(i).token();
            assertThat(result.logLines()).as("log lines of %s (%s)", result.requestId(), tenant)
                    .filteredOn(line -> line.path("message").asText().equals("charge requested")).hasSize(1);
            assertThat(result.logLines()).as("log lines of %s (%s)", result.requestId(), tenant)
                    .filteredOn(line -> line.path("logger").asText().equals(ConcurrentOrderHandler.class.getName()))
                    .isNotEmpty().allSatisfy(line -> {
                        assertThat(line.path("function_request_id").asText()).isEqualTo(result.requestId());
                        assertThat(line.path("tenant_id").asText()).isEqualTo(tenant);
                        assertThat(line.path("correlation_id").asText()).isEqualTo(token);
                    });
            assertThat(result.emfBlobs()).as("EMF blobs of %s (%s)", result.requestId(), tenant).allSatisfy(blob -> {
                assertThat(blob.path("tenant_id").asText()).isEqualTo(tenant);
                assertThat(blob.path("Tenant").asText()).as("the Tenant dimension").isEqualTo(tenant);
                assertThat(blob.path("_aws").path("CloudWatchMetrics").get(0).path("Dimensions").get(0))
                        .as("dimension set").anySatisfy(d -> assertThat(d.asText()).isEqualTo("Tenant"));
                assertThat(blob.path("function_request_id").asText()).isEqualTo(result.requestId());
            }).filteredOn(blob -> blob.has("ChargeRequests")).as("blobs of %s with its ChargeRequests", result.requestId()).hasSize(1);
        }
    }
}
