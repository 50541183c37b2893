package io.lambdakit.examples.orders.local;

import java.net.URI;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;

import io.lambdakit.testing.DynamoDbLocal;
import io.lambdakit.testing.LocalSqsEventSource;
import io.lambdakit.testing.SamTemplate;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The AWS side of template.yaml, locally: its DynamoDB tables in DynamoDB Local and its queues in
 * ElasticMQ, created as declared by lambdakit-testing ({@link DynamoDbLocal#createTables(SamTemplate)},
 * {@link LocalSqsEventSource#createQueues}), and its secret behind the secrets-extension stand-in (the
 * orders-specific part). {@link #environment(SamTemplate.Function)} turns a function's template
 * environment into the local one, resolving each {@code !Ref} to the local resource.
 */
public final class LocalAws implements AutoCloseable {

    /** The region the local functions run in. */
    public static final String REGION = "us-east-1";
    private static final String ACCOUNT = "000000000000";

    private final SamTemplate template;
    private final DynamoDbLocal dynamoDbServer;
    private final URI dynamoDbEndpoint;
    private final SQSRestServer sqsServer;
    private final URI sqsEndpoint;
    private final DynamoDbClient dynamoDb;
    private final SqsClient sqs;
    private final SecretsExtensionStandIn secrets;
    private final String sessionToken = "local-session-token-" + UUID.randomUUID();
    private final Map<String, String> resolved = new LinkedHashMap<>();
    private final List<String> tables = new ArrayList<>();

    private LocalAws(SamTemplate template) throws Exception {
        // DynamoDbLocal shares one database whatever the caller's access key and region (the functions have their own keys)
        this.template = template;
        this.dynamoDbServer = DynamoDbLocal.start();
        this.dynamoDbEndpoint = dynamoDbServer.endpoint();
        this.sqsServer = SQSRestServerBuilder.withInterface("127.0.0.1").withDynamicPort().start();
        this.sqsEndpoint = URI.create("http://127.0.0.1:" + sqsServer.waitUntilStarted().localAddress().getPort());
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
        this.dynamoDb = DynamoDbClient.builder().endpointOverride(dynamoDbEndpoint).region(Region.of(REGION))
                .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
        this.sqs = SqsClient.builder().endpointOverride(sqsEndpoint).region(Region.of(REGION))
                .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
        this.secrets = SecretsExtensionStandIn.start(sessionToken);
        create();
    }

    /**
     * Starts DynamoDB Local, ElasticMQ and the secrets stand-in, and creates the template's tables,
     * queues and secrets in them.
     *
     * @param template template.yaml
     * @return the running services
     * @throws Exception when a service cannot start
     */
    public static LocalAws start(SamTemplate template) throws Exception {
        return new LocalAws(template);
    }

    private void create() {
        resolved.putAll(LocalSqsEventSource.createQueues(sqs, template));
        Map<String, String> created = dynamoDbServer.createTables(template);
        tables.addAll(created.keySet());
        resolved.putAll(created);
        template.resourcesOfType("AWS::SecretsManager::Secret").keySet().forEach(id -> {
            String arn = "arn:aws:secretsmanager:" + REGION + ":" + ACCOUNT + ":secret:" + id + "-local";
            secrets.secret(arn, randomSecret());
            resolved.put(id, arn);
        });
    }

    private String queueArn(String logicalId) {
        return sqs.getQueueAttributes(b -> b.queueUrl(resolved.get(logicalId)).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
    }

    /**
     * @param function a function of the template
     * @return its environment with every {@code !Ref} resolved to the local resource or the parameter's
     *         default, plus what points the SDK and lambdakit-secrets at the local services
     */
    public Map<String, String> environment(SamTemplate.Function function) {
        Map<String, String> env = new LinkedHashMap<>(template.environment(function.logicalId(), resolved));
        // the local services instead of AWS's; the code reads none of these itself
        env.put("AWS_ENDPOINT_URL_DYNAMODB", dynamoDbEndpoint.toString());
        env.put("AWS_SESSION_TOKEN", sessionToken);
        if (env.containsKey("PARAMETERS_SECRETS_EXTENSION_HTTP_PORT")) {
            env.put("PARAMETERS_SECRETS_EXTENSION_HTTP_PORT", Integer.toString(secrets.port()));
        }
        return env;
    }

    /**
     * @param logicalId a queue's logical id
     * @return its local URL
     */
    public String queueUrl(String logicalId) {
        return resolved.get(logicalId);
    }

    /**
     * @param logicalId a queue's logical id
     * @return its local ARN
     */
    public String queueArnOf(String logicalId) {
        return queueArn(logicalId);
    }

    /** @return a client of the local DynamoDB */
    public DynamoDbClient dynamoDb() {
        return dynamoDb;
    }

    /**
     * @param interceptors interceptors to add, e.g. one that records the calls a handler makes
     * @return a new client of the local DynamoDB, configured like the app's (url-connection client)
     */
    public DynamoDbClient dynamoDbClient(ExecutionInterceptor... interceptors) {
        return DynamoDbClient.builder().endpointOverride(dynamoDbEndpoint).region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> List.of(interceptors).forEach(c::addExecutionInterceptor))
                .build();
    }

    /**
     * @param function a function of the template
     * @return the environment Lambda would give it here: {@link #environment} plus the variables Lambda sets
     */
    public Map<String, String> lambdaEnvironment(SamTemplate.Function function) {
        Map<String, String> env = new LinkedHashMap<>(environment(function));
        env.put("AWS_REGION", REGION);
        env.put("AWS_DEFAULT_REGION", REGION);
        env.put("AWS_LAMBDA_FUNCTION_NAME", function.logicalId());
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", String.valueOf(function.properties().get("MemorySize")));
        return env;
    }

    /**
     * @param arnOrUrl a local secret ARN, queue URL or table name
     * @return the logical id of the template resource it stands for, if any
     */
    public java.util.Optional<String> logicalIdOf(String arnOrUrl) {
        return resolved.entrySet().stream().filter(e -> e.getValue().equals(arnOrUrl)).map(Map.Entry::getKey).findFirst();
    }

    /** @return a client of the local SQS */
    public SqsClient sqs() {
        return sqs;
    }

    /** @return the secrets extension stand-in */
    public SecretsExtensionStandIn secrets() {
        return secrets;
    }

    /** @return the local DynamoDB's endpoint */
    public URI dynamoDbEndpoint() {
        return dynamoDbEndpoint;
    }

    /** @return the local SQS's endpoint */
    public URI sqsEndpoint() {
        return sqsEndpoint;
    }

    /** @return the tables created, by logical id */
    public List<String> tables() {
        return List.copyOf(tables);
    }

    private static String randomSecret() {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        SecureRandom random = new SecureRandom();
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            s.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return s.toString();
    }

    @Override
    public void close() {
        secrets.close();
        dynamoDb.close();
        sqs.close();
        sqsServer.stopAndWait();
        dynamoDbServer.close();
    }
}
