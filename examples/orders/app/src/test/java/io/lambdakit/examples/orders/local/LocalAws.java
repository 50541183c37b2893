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

import io.lambdakit.core.Json;
import io.lambdakit.testing.DynamoDbLocal;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveSpecification;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The AWS side of template.yaml, locally: its DynamoDB tables (key schema and TTL as declared) in
 * DynamoDB Local, its queues (redrive policy as declared) in ElasticMQ, and its secret behind the
 * secrets-extension stand-in. {@link #environment(SamTemplate.Function)} turns a function's
 * template environment into the local one, resolving each {@code !Ref} to the local resource.
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

    @SuppressWarnings("unchecked")
    private void create() {
        // queues first: a dead-letter queue must exist before the queue that redrives to it
        List<Map.Entry<String, Map<String, Object>>> queues = template.resources().entrySet().stream()
                .filter(e -> "AWS::SQS::Queue".equals(e.getValue().get("Type")))
                .sorted((a, b) -> Boolean.compare(redrive(a.getValue()) != null, redrive(b.getValue()) != null))
                .toList();
        for (Map.Entry<String, Map<String, Object>> queue : queues) {
            Map<QueueAttributeName, String> attributes = new LinkedHashMap<>();
            Map<String, Object> properties = (Map<String, Object>) queue.getValue().get("Properties");
            Map<String, Object> redrive = redrive(queue.getValue());
            if (redrive != null) {
                String dlq = ((List<String>) ((Map<String, Object>) redrive.get("deadLetterTargetArn")).get("Fn::GetAtt")).get(0);
                attributes.put(QueueAttributeName.REDRIVE_POLICY, Json.mapper().createObjectNode()
                        .put("deadLetterTargetArn", queueArn(dlq))
                        .put("maxReceiveCount", redrive.get("maxReceiveCount").toString()).toString());
            }
            if (properties.get("VisibilityTimeout") != null) {
                attributes.put(QueueAttributeName.VISIBILITY_TIMEOUT, properties.get("VisibilityTimeout").toString());
            }
            String url = sqs.createQueue(b -> b.queueName(queue.getKey()).attributes(attributes)).queueUrl();
            resolved.put(queue.getKey(), url);
        }
        template.resources().forEach((id, resource) -> {
            Map<String, Object> properties = (Map<String, Object>) resource.get("Properties");
            switch (String.valueOf(resource.get("Type"))) {
                case "AWS::DynamoDB::Table" -> {
                    List<AttributeDefinition> attributes = ((List<Map<String, Object>>) properties.get("AttributeDefinitions"))
                            .stream().map(a -> AttributeDefinition.builder().attributeName((String) a.get("AttributeName"))
                                    .attributeType((String) a.get("AttributeType")).build()).toList();
                    List<KeySchemaElement> keys = ((List<Map<String, Object>>) properties.get("KeySchema")).stream()
                            .map(k -> KeySchemaElement.builder().attributeName((String) k.get("AttributeName"))
                                    .keyType((String) k.get("KeyType")).build()).toList();
                    dynamoDb.createTable(b -> b.tableName(id).attributeDefinitions(attributes).keySchema(keys)
                            .billingMode(BillingMode.PAY_PER_REQUEST));
                    Map<String, Object> ttl = (Map<String, Object>) properties.get("TimeToLiveSpecification");
                    if (ttl != null) {
                        dynamoDb.updateTimeToLive(b -> b.tableName(id).timeToLiveSpecification(TimeToLiveSpecification.builder()
                                .attributeName((String) ttl.get("AttributeName")).enabled(true).build()));
                    }
                    tables.add(id);
                    resolved.put(id, id);
                }
                case "AWS::SecretsManager::Secret" -> {
                    String arn = "arn:aws:secretsmanager:" + REGION + ":" + ACCOUNT + ":secret:" + id + "-local";
                    secrets.secret(arn, randomSecret());
                    resolved.put(id, arn);
                }
                default -> {
                }
            }
        });
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> redrive(Map<String, Object> queue) {
        return (Map<String, Object>) ((Map<String, Object>) queue.get("Properties")).get("RedrivePolicy");
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
        Map<String, String> env = new LinkedHashMap<>();
        function.variables().forEach((name, value) -> env.put(name, resolve(function, name, value)));
        // the local services instead of AWS's; the code reads none of these itself
        env.put("AWS_ENDPOINT_URL_DYNAMODB", dynamoDbEndpoint.toString());
        env.put("AWS_SESSION_TOKEN", sessionToken);
        if (env.containsKey("PARAMETERS_SECRETS_EXTENSION_HTTP_PORT")) {
            env.put("PARAMETERS_SECRETS_EXTENSION_HTTP_PORT", Integer.toString(secrets.port()));
        }
        return env;
    }

    @SuppressWarnings("unchecked")
    private String resolve(SamTemplate.Function function, String name, Object value) {
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        if (value instanceof Map<?, ?> map && map.size() == 1 && map.get("Ref") instanceof String ref) {
            if (resolved.containsKey(ref)) {
                return resolved.get(ref);
            }
            Map<String, Object> parameters = (Map<String, Object>) template.root().getOrDefault("Parameters", Map.of());
            if (parameters.containsKey(ref)) {
                return template.parameterDefault(ref);
            }
        }
        throw new IllegalStateException(function.logicalId() + "'s " + name + " is " + value
                + ", which the local run cannot resolve; use a literal or a !Ref to a table, queue, secret or parameter");
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
