#if( $eventSource == "api" )#set( $handler = "ApiHandler" )#{else}#set( $handler = "QueueHandler" )#end
package ${package}.cdk;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
#if( $eventSource == "api" )
import software.amazon.awscdk.services.apigateway.LambdaIntegration;
import software.amazon.awscdk.services.apigateway.RestApi;
import software.amazon.awscdk.services.apigateway.StageOptions;
#end
#if( $idempotency == "true" )
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.amazon.awscdk.services.iam.PolicyStatement;
#end
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.Tracing;
#if( $eventSource == "sqs" )
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSource;
#end
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
#if( $eventSource == "sqs" )
import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
#end
import software.constructs.Construct;

/**
 * What ../template.yaml describes for SAM, in CDK: the function (SnapStart on published versions behind the alias
 * {@code live}, X-Ray active, Powertools' variables)#if( $eventSource == "api" ) behind a REST API at {@code POST /items}#else on a queue with partial batch responses and a dead-letter queue after three receives#end#if( $idempotency == "true" ), the idempotency table (Powertools' schema) and
 * an IAM statement naming only the table actions lambdakit-idempotency calls#end.
 */
public final class FunctionStack extends Stack {

    /** The managed runtime; {@code JAVA_17} and {@code JAVA_25} run the same jar. */
    public static final Runtime RUNTIME = Runtime.JAVA_21;
    /** The function's handler. */
    public static final String HANDLER = "${package}.${handler}::handleRequest";
    /** The alias the event source invokes, so that SnapStart's published versions are the ones that run. */
    public static final String ALIAS = "live";
#if( $idempotency == "true" )
    /**
     * lambdakit-idempotency claims and completes records with PutItem, releases a failed one with DeleteItem, and
     * checks the table's key schema and TTL once at init with DescribeTable and DescribeTimeToLive.
     */
    public static final List<String> IDEMPOTENCY_ACTIONS = List.of("dynamodb:PutItem", "dynamodb:DeleteItem",
            "dynamodb:DescribeTable", "dynamodb:DescribeTimeToLive");
#end

    /**
     * @param scope the app
     * @param id    the stack's name
     * @param props stack settings (environment, description)
     * @param code  the function code: the function module's shaded jar
     */
    public FunctionStack(Construct scope, String id, StackProps props, Code code) {
        super(scope, id, props);

#if( $idempotency == "true" )
        Table idempotency = Table.Builder.create(this, "IdempotencyTable")
                .partitionKey(Attribute.builder().name("id").type(AttributeType.STRING).build())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .timeToLiveAttribute("expiration")
                .encryption(TableEncryption.AWS_MANAGED)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();

#end
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("POWERTOOLS_SERVICE_NAME", "${serviceName}");
        environment.put("POWERTOOLS_METRICS_NAMESPACE", "${serviceName}");
        environment.put("POWERTOOLS_LOG_LEVEL", "INFO");
#if( $idempotency == "true" )
        environment.put("IDEMPOTENCY_TABLE_NAME", idempotency.getTableName());
#end
        // C1 only: the fastest start for short-lived Java functions
        environment.put("JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1");

        Function function = Function.Builder.create(this, "Function")
                .runtime(RUNTIME)
                .architecture(Architecture.X86_64)
                .handler(HANDLER)
                .code(code)
                .memorySize(1024)
                .timeout(Duration.seconds(15))
                .tracing(Tracing.ACTIVE)
                .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
                .logGroup(LogGroup.Builder.create(this, "FunctionLogGroup")
                        .logGroupName("/aws/lambda/" + getStackName() + "/function")
                        .retention(RetentionDays.TWO_WEEKS)
                        .removalPolicy(RemovalPolicy.DESTROY)
                        .build())
                .environment(environment)
                .build();
#if( $idempotency == "true" )
        function.addToRolePolicy(PolicyStatement.Builder.create()
                .sid("IdempotencyRecords")
                .actions(IDEMPOTENCY_ACTIONS)
                .resources(List.of(idempotency.getTableArn()))
                .build());
#end
        Alias live = Alias.Builder.create(this, "FunctionAliaslive").aliasName(ALIAS).version(function.getCurrentVersion()).build();

#if( $eventSource == "api" )
        RestApi api = RestApi.Builder.create(this, "Api")
                .cloudWatchRole(false)
                .deployOptions(StageOptions.builder().stageName("Prod").tracingEnabled(true).build())
                .build();
        api.getRoot().addResource("items").addMethod("POST", new LambdaIntegration(live));
        CfnOutput.Builder.create(this, "ItemsUrl").description("POST items here").value(api.urlForPath("/items")).build();
#else
        Queue deadLetters = Queue.Builder.create(this, "DeadLetterQueue")
                .retentionPeriod(Duration.days(14))
                .encryption(QueueEncryption.SQS_MANAGED)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        Queue queue = Queue.Builder.create(this, "Queue")
                // at least 6 times the function's timeout, as Lambda recommends for SQS event sources
                .visibilityTimeout(Duration.seconds(90))
                .retentionPeriod(Duration.days(4))
                .encryption(QueueEncryption.SQS_MANAGED)
                .deadLetterQueue(DeadLetterQueue.builder().queue(deadLetters).maxReceiveCount(3).build())
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        live.addEventSource(SqsEventSource.Builder.create(queue)
                .batchSize(10)
                .maxBatchingWindow(Duration.seconds(1))
                // only the failed messages return to the queue, not the whole batch
                .reportBatchItemFailures(true)
                .build());
        CfnOutput.Builder.create(this, "QueueUrl").description("Send tasks here ({\"taskId\":..,\"action\":..})")
                .value(queue.getQueueUrl()).build();
        CfnOutput.Builder.create(this, "DeadLetterQueueUrl").value(deadLetters.getQueueUrl()).build();
#end
    }
}
