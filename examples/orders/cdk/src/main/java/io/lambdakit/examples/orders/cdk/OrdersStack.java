package io.lambdakit.examples.orders.cdk;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.CfnParameter;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Tags;
import software.amazon.awscdk.services.apigateway.LambdaIntegration;
import software.amazon.awscdk.services.apigateway.RestApi;
import software.amazon.awscdk.services.apigateway.StageOptions;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.ISubnet;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.Subnet;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.CapacityProvider;
import software.amazon.awscdk.services.lambda.CapacityProviderFunctionOptions;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.ParamsAndSecretsLayerVersion;
import software.amazon.awscdk.services.lambda.ParamsAndSecretsOptions;
import software.amazon.awscdk.services.lambda.ParamsAndSecretsVersions;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.Tracing;
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSource;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * The orders service: what {@code examples/orders/template.yaml} describes for SAM, in CDK.
 *
 * <ul>
 *   <li>{@code CreateOrder} (Java 21, SnapStart on published versions, alias {@code live}, X-Ray
 *       active, the Parameters and Secrets extension) behind a REST API at {@code POST /orders};</li>
 *   <li>{@code ProcessOrders} on the payments queue with partial batch responses; the queue
 *       redrives to a dead-letter queue after three receives;</li>
 *   <li>the orders table, the idempotency table (Powertools schema, TTL on {@code expiration}) and
 *       the payment provider's API key in Secrets Manager;</li>
 *   <li>IAM statements naming each action and resource a function uses, and nothing more.</li>
 * </ul>
 * To run on java17 or java25 instead, change {@link #RUNTIME}: the code is Java 17 bytecode.
 *
 * <p>With {@link ManagedInstances} options the same service runs on Lambda Managed Instances, as
 * {@code examples/orders/template-managed-instances.yaml} describes it for SAM: a capacity provider in the given
 * subnets, both functions attached to it with a per-environment maximum concurrency and memory per vCPU, on
 * {@link #MANAGED_INSTANCES_RUNTIME} with {@link #MANAGED_INSTANCES_MEMORY_MB} MB, without SnapStart and without
 * the C1-only JVM flags.
 */
public final class OrdersStack extends Stack {

    /** The managed runtime of both functions. */
    public static final Runtime RUNTIME = Runtime.JAVA_21;
    /** The managed runtime on Lambda Managed Instances, which need Java 21 or later. */
    public static final Runtime MANAGED_INSTANCES_RUNTIME = Runtime.JAVA_25;
    /** Each function's memory on Lambda Managed Instances: their smallest function, 2 GB with one vCPU. */
    public static final int MANAGED_INSTANCES_MEMORY_MB = 2048;
    /** CreateOrder's handler. */
    public static final String CREATE_ORDER_HANDLER = "io.lambdakit.examples.orders.CreateOrder::handleRequest";
    /** ProcessOrders' handler. */
    public static final String PROCESS_ORDERS_HANDLER = "io.lambdakit.examples.orders.ProcessOrders::handleRequest";
    /** The alias every event source targets, so that SnapStart's published versions are the ones invoked. */
    public static final String ALIAS = "live";

    /**
     * lambdakit-idempotency claims and completes records with PutItem and releases a failed one with DeleteItem;
     * DescribeTable and DescribeTimeToLive are its table check at init (key schema, TTL).
     */
    private static final List<String> IDEMPOTENCY_ACTIONS = List.of("dynamodb:PutItem", "dynamodb:DeleteItem",
            "dynamodb:DescribeTable", "dynamodb:DescribeTimeToLive");

    /**
     * Where and how the functions run on Lambda Managed Instances.
     *
     * @param subnetIds        subnets the capacity provider launches instances in (several Availability Zones); they
     *                         need a route to DynamoDB, SQS, Secrets Manager, X-Ray and CloudWatch Logs (a NAT gateway
     *                         or VPC endpoints)
     * @param securityGroupIds security groups of the instances
     * @param maxConcurrency   invocations one execution environment serves at once (1 to 1600)
     * @param memoryGiBPerVCpu GiB of an execution environment's memory per vCPU: 2, 4 or 8
     * @param maxVCpuCount     the most vCPUs the capacity provider may run
     */
    public record ManagedInstances(List<String> subnetIds, List<String> securityGroupIds, int maxConcurrency,
                                   double memoryGiBPerVCpu, int maxVCpuCount) {

        /** The defaults of template-managed-instances.yaml's parameters. */
        public static final int DEFAULT_MAX_CONCURRENCY = 16;
        /** The default memory per vCPU, GiB. */
        public static final double DEFAULT_MEMORY_GIB_PER_VCPU = 2;
        /** The default vCPU limit of the capacity provider. */
        public static final int DEFAULT_MAX_VCPU_COUNT = 16;

        /**
         * @throws IllegalArgumentException naming every value that is out of range
         */
        public ManagedInstances {
            subnetIds = List.copyOf(subnetIds);
            securityGroupIds = List.copyOf(securityGroupIds);
            List<String> problems = new java.util.ArrayList<>();
            if (subnetIds.isEmpty()) {
                problems.add("subnetIds is empty but the capacity provider needs at least one subnet (-c subnetIds=subnet-a,subnet-b)");
            }
            if (securityGroupIds.isEmpty()) {
                problems.add("securityGroupIds is empty but the capacity provider needs at least one (-c securityGroupIds=sg-1)");
            }
            if (maxConcurrency < 1 || maxConcurrency > 1600) {
                problems.add("maxConcurrency was " + maxConcurrency + " but it must be 1 to 1600");
            }
            if (memoryGiBPerVCpu != 2 && memoryGiBPerVCpu != 4 && memoryGiBPerVCpu != 8) {
                problems.add("memoryGiBPerVCpu was " + memoryGiBPerVCpu + " but it must be 2, 4 or 8");
            }
            if (maxVCpuCount < 2) {
                problems.add("maxVCpuCount was " + maxVCpuCount + " but it must be at least 2");
            }
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException("invalid Managed Instances settings: " + String.join("; ", problems));
            }
        }
    }

    /**
     * The service on Lambda's classic (on-demand) model, with SnapStart.
     *
     * @param scope the app
     * @param id    the stack's name
     * @param props stack settings (environment, description)
     * @param code  the function code: the {@code app} module's shaded jar
     */
    public OrdersStack(Construct scope, String id, StackProps props, Code code) {
        this(scope, id, props, code, null);
    }

    /**
     * @param scope            the app
     * @param id               the stack's name
     * @param props            stack settings (environment, description)
     * @param code             the function code: the {@code app} module's shaded jar
     * @param managedInstances null for the classic model, else where and how to run on Lambda Managed Instances
     */
    public OrdersStack(Construct scope, String id, StackProps props, Code code, ManagedInstances managedInstances) {
        super(scope, id, props);
        boolean lmi = managedInstances != null;

        CfnParameter checkoutBaseUrl = CfnParameter.Builder.create(this, "PaymentCheckoutBaseUrl")
                .type("String")
                .defaultValue("https://pay.example.com/checkout")
                .description("Base URL of the payment provider's hosted checkout; CreateOrder signs links to it.")
                .build();

        Table orders = Table.Builder.create(this, "OrdersTable")
                .partitionKey(Attribute.builder().name("orderId").type(AttributeType.STRING).build())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                        .pointInTimeRecoveryEnabled(true).build())
                .encryption(TableEncryption.AWS_MANAGED)
                // a sample: the table goes with the stack. Use RETAIN for real data.
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();

        // The Powertools idempotency schema, so records written by either library are understood by the other.
        Table idempotency = Table.Builder.create(this, "IdempotencyTable")
                .partitionKey(Attribute.builder().name("id").type(AttributeType.STRING).build())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .timeToLiveAttribute("expiration")
                .encryption(TableEncryption.AWS_MANAGED)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();

        Queue deadLetters = Queue.Builder.create(this, "PaymentsDeadLetterQueue")
                .retentionPeriod(Duration.days(14))
                .encryption(QueueEncryption.SQS_MANAGED)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        Queue payments = Queue.Builder.create(this, "PaymentsQueue")
                // at least 6 times the function timeout, as Lambda recommends for SQS event sources
                .visibilityTimeout(Duration.seconds(90))
                .retentionPeriod(Duration.days(4))
                .encryption(QueueEncryption.SQS_MANAGED)
                .deadLetterQueue(DeadLetterQueue.builder().queue(deadLetters).maxReceiveCount(3).build())
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();

        Secret paymentApiKey = Secret.Builder.create(this, "PaymentApiKeySecret")
                .description("The payment provider's API key. Created with a random placeholder; put the real key with"
                        + " aws secretsmanager put-secret-value.")
                .generateSecretString(SecretStringGenerator.builder().passwordLength(40).excludePunctuation(true).build())
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();

        Map<String, String> common = new LinkedHashMap<>();
        common.put("POWERTOOLS_SERVICE_NAME", "orders");
        common.put("POWERTOOLS_METRICS_NAMESPACE", "LambdakitOrders");
        common.put("POWERTOOLS_LOG_LEVEL", "INFO");
        common.put("ORDERS_TABLE_NAME", orders.getTableName());
        common.put("IDEMPOTENCY_TABLE_NAME", idempotency.getTableName());
        if (!lmi) {
            // C1 only: the fastest start for short-lived Java functions. (Managed Instances environments live long: C2.)
            common.put("JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1");
        }

        Map<String, String> createEnv = new LinkedHashMap<>(common);
        createEnv.put("PAYMENT_API_KEY_SECRET_ID", paymentApiKey.getSecretArn());
        createEnv.put("PAYMENT_CHECKOUT_BASE_URL", checkoutBaseUrl.getValueAsString());

        Function createOrder = Function.Builder.create(this, "CreateOrderFunction")
                .description("POST /orders - stores an order exactly once per Idempotency-Key and returns a signed payment link")
                .runtime(lmi ? MANAGED_INSTANCES_RUNTIME : RUNTIME)
                .architecture(Architecture.X86_64)
                .handler(CREATE_ORDER_HANDLER)
                .code(code)
                .memorySize(lmi ? MANAGED_INSTANCES_MEMORY_MB : 1024)
                .timeout(Duration.seconds(15))
                .tracing(Tracing.ACTIVE)
                // Managed Instances environments are initialised before they take traffic: nothing to snapshot
                .snapStart(lmi ? null : SnapStartConf.ON_PUBLISHED_VERSIONS)
                // sets SECRETS_MANAGER_TTL and PARAMETERS_SECRETS_EXTENSION_CACHE_ENABLED, as template.yaml does
                .paramsAndSecrets(ParamsAndSecretsLayerVersion.fromVersion(ParamsAndSecretsVersions.V1_0_103,
                        ParamsAndSecretsOptions.builder()
                                .cacheEnabled(true)
                                .secretsManagerTtl(Duration.seconds(300))
                                .build()))
                .logGroup(logGroup("CreateOrderLogGroup", "create-order"))
                .environment(createEnv)
                .build();
        createOrder.addToRolePolicy(allow("WriteOrders", List.of("dynamodb:PutItem"), orders.getTableArn()));
        createOrder.addToRolePolicy(allow("IdempotencyRecords", IDEMPOTENCY_ACTIONS, idempotency.getTableArn()));
        createOrder.addToRolePolicy(allow("ReadPaymentApiKey", List.of("secretsmanager:GetSecretValue"),
                paymentApiKey.getSecretArn()));

        Function processOrders = Function.Builder.create(this, "ProcessOrdersFunction")
                .description("Marks orders as paid from payment confirmations; reports failed messages one by one")
                .runtime(lmi ? MANAGED_INSTANCES_RUNTIME : RUNTIME)
                .architecture(Architecture.X86_64)
                .handler(PROCESS_ORDERS_HANDLER)
                .code(code)
                .memorySize(lmi ? MANAGED_INSTANCES_MEMORY_MB : 1024)
                .timeout(Duration.seconds(15))
                .tracing(Tracing.ACTIVE)
                .snapStart(lmi ? null : SnapStartConf.ON_PUBLISHED_VERSIONS)
                .logGroup(logGroup("ProcessOrdersLogGroup", "process-orders"))
                .environment(common)
                .build();
        processOrders.addToRolePolicy(allow("MarkOrdersPaid", List.of("dynamodb:UpdateItem"), orders.getTableArn()));
        processOrders.addToRolePolicy(allow("IdempotencyRecords", IDEMPOTENCY_ACTIONS, idempotency.getTableArn()));

        if (lmi) {
            CapacityProvider capacityProvider = capacityProvider(managedInstances);
            CapacityProviderFunctionOptions perEnvironment = CapacityProviderFunctionOptions.builder()
                    .perExecutionEnvironmentMaxConcurrency(managedInstances.maxConcurrency())
                    .executionEnvironmentMemoryGiBPerVCpu(managedInstances.memoryGiBPerVCpu())
                    .build();
            capacityProvider.addFunction(createOrder, perEnvironment);
            capacityProvider.addFunction(processOrders, perEnvironment);
            CfnOutput.Builder.create(this, "CapacityProviderArn").value(capacityProvider.getCapacityProviderArn()).build();
        }

        // What SAM's AutoPublishAlias does: a new version on every code or configuration change, and an alias on it.
        Alias createOrderLive = Alias.Builder.create(this, "CreateOrderFunctionAliaslive")
                .aliasName(ALIAS).version(createOrder.getCurrentVersion()).build();
        Alias processOrdersLive = Alias.Builder.create(this, "ProcessOrdersFunctionAliaslive")
                .aliasName(ALIAS).version(processOrders.getCurrentVersion()).build();

        RestApi api = RestApi.Builder.create(this, "OrdersApi")
                .description("lambdakit sample orders API")
                // no account-wide API Gateway logging role from a sample stack
                .cloudWatchRole(false)
                .deployOptions(StageOptions.builder().stageName("Prod").tracingEnabled(true).build())
                .build();
        api.getRoot().addResource("orders").addMethod("POST", new LambdaIntegration(createOrderLive));

        processOrdersLive.addEventSource(SqsEventSource.Builder.create(payments)
                .batchSize(10)
                .maxBatchingWindow(Duration.seconds(1))
                // only the failed messages return to the queue, not the whole batch
                .reportBatchItemFailures(true)
                .build());

        Tags.of(createOrder).add("app", "lambdakit-orders");
        Tags.of(processOrders).add("app", "lambdakit-orders");

        CfnOutput.Builder.create(this, "CreateOrderUrl").description("POST orders here")
                .value(api.urlForPath("/orders")).build();
        CfnOutput.Builder.create(this, "PaymentsQueueUrl")
                .description("Send payment confirmations here ({\"orderId\":..,\"paymentId\":..,\"amountCents\":..})")
                .value(payments.getQueueUrl()).build();
        CfnOutput.Builder.create(this, "PaymentsDeadLetterQueueUrl").value(deadLetters.getQueueUrl()).build();
        CfnOutput.Builder.create(this, "OrdersTableName").value(orders.getTableName()).build();
        CfnOutput.Builder.create(this, "PaymentApiKeySecretArn").value(paymentApiKey.getSecretArn()).build();
    }

    /** In the given subnets and security groups, x86_64, at most maxVCpuCount vCPUs; CDK creates its operator role. */
    private CapacityProvider capacityProvider(ManagedInstances settings) {
        List<ISubnet> subnets = new java.util.ArrayList<>();
        for (int i = 0; i < settings.subnetIds().size(); i++) {
            subnets.add(Subnet.fromSubnetId(this, "Subnet" + (i + 1), settings.subnetIds().get(i)));
        }
        List<ISecurityGroup> groups = new java.util.ArrayList<>();
        for (int i = 0; i < settings.securityGroupIds().size(); i++) {
            groups.add(SecurityGroup.fromSecurityGroupId(this, "SecurityGroup" + (i + 1), settings.securityGroupIds().get(i)));
        }
        CapacityProvider provider = CapacityProvider.Builder.create(this, "OrdersCapacityProvider")
                .subnets(subnets)
                .securityGroups(groups)
                .architectures(List.of(Architecture.X86_64))
                .maxVCpuCount(settings.maxVCpuCount())
                .build();
        Tags.of(provider).add("app", "lambdakit-orders");
        return provider;
    }

    private LogGroup logGroup(String id, String function) {
        return LogGroup.Builder.create(this, id)
                .logGroupName("/aws/lambda/" + getStackName() + "/" + function)
                .retention(RetentionDays.TWO_WEEKS)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
    }

    private static PolicyStatement allow(String sid, List<String> actions, String resource) {
        return PolicyStatement.Builder.create().sid(sid).actions(actions).resources(List.of(resource)).build();
    }
}
