package io.lambdakit.testing;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.OperationType;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamViewType;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification;
import io.lambdakit.testing.internal.LambdaSerialization;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Realistic Lambda events for tests, built with the {@code aws-lambda-java-events} types and
 * filled the way each service fills them (ids, ARNs, MD5 digests, sequence numbers, timestamps),
 * or loaded from JSON exactly as the managed runtime deserializes it.
 *
 * <pre>{@code
 * SQSEvent batch = Events.sqs().queue("orders").message("{\"id\":1}").message(m -> m.body("{\"id\":2}").receiveCount(3)).build();
 * APIGatewayProxyRequestEvent request = Events.apiGatewayRest().method("POST").path("/orders").body("{}").build();
 * DynamodbEvent change = Events.dynamoDbStreams().table("orders").insert(Events.item(Map.of("id", "o-1", "total", 42))).build();
 * SQSEvent fromFile = Events.load(Path.of("src/test/resources/sqs.json"), SQSEvent.class);
 * }</pre>
 *
 * Bundled fixtures ({@link #fixture(String, Class)}): {@value #FIXTURES}.
 */
public final class Events {

    /** The names of the bundled fixtures. */
    public static final String FIXTURES = "sqs, sqs-fifo, kinesis, dynamodb-streams, apigateway-rest, apigateway-http, eventbridge, s3";
    private static final Set<String> FIXTURE_NAMES = Set.of(FIXTURES.split(", "));
    private static final String REGION = TestContext.DEFAULT_REGION;
    private static final String ACCOUNT = TestContext.DEFAULT_ACCOUNT_ID;

    private Events() {
    }

    /** @return a builder for an SQS batch from a standard queue */
    public static SqsBuilder sqs() {
        return new SqsBuilder(false);
    }

    /** @return a builder for an SQS batch from a FIFO queue (group ids, deduplication ids, sequence numbers) */
    public static SqsBuilder sqsFifo() {
        return new SqsBuilder(true);
    }

    /** @return a builder for a Kinesis Data Streams batch */
    public static KinesisBuilder kinesis() {
        return new KinesisBuilder();
    }

    /** @return a builder for a DynamoDB Streams batch */
    public static DynamoDbStreamsBuilder dynamoDbStreams() {
        return new DynamoDbStreamsBuilder();
    }

    /** @return a builder for an API Gateway REST API (proxy integration, payload 1.0) request */
    public static ApiGatewayRestBuilder apiGatewayRest() {
        return new ApiGatewayRestBuilder();
    }

    /** @return a builder for an API Gateway HTTP API (payload 2.0) request */
    public static ApiGatewayHttpBuilder apiGatewayHttp() {
        return new ApiGatewayHttpBuilder();
    }

    /** @return a builder for an EventBridge event */
    public static EventBridgeBuilder eventBridge() {
        return new EventBridgeBuilder();
    }

    /** @return a builder for an S3 event notification */
    public static S3Builder s3() {
        return new S3Builder();
    }

    /**
     * Reads JSON the way the managed runtime does for the handler's input type (so
     * {@code "Records"}, epoch dates and base64 payloads map as in production).
     *
     * @param json the event JSON
     * @param type the event type
     * @param <T>  the event type
     * @return the event
     */
    public static <T> T fromJson(String json, Class<T> type) {
        return LambdaSerialization.fromJson(json, type);
    }

    /**
     * @param event an event
     * @return its JSON as Lambda would deliver it to the runtime
     */
    public static String toJson(Object event) {
        return LambdaSerialization.toJson(event);
    }

    /**
     * @param file a JSON file, e.g. an event captured from CloudWatch or the console's test events
     * @param type the event type
     * @param <T>  the event type
     * @return the event
     * @throws UncheckedIOException when the file cannot be read
     */
    public static <T> T load(Path file, Class<T> type) {
        try {
            return fromJson(Files.readString(file), type);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read event file " + file.toAbsolutePath(), e);
        }
    }

    /**
     * @param resource a class-path resource, e.g. {@code events/order-created.json}
     * @param type     the event type
     * @param <T>      the event type
     * @return the event
     * @throws IllegalArgumentException when the resource does not exist
     */
    public static <T> T loadResource(String resource, Class<T> type) {
        return fromJson(resourceText(resource), type);
    }

    /**
     * @param name one of {@value #FIXTURES}
     * @param type the event type to read it as
     * @param <T>  the event type
     * @return the bundled sample event
     * @throws IllegalArgumentException for an unknown name
     */
    public static <T> T fixture(String name, Class<T> type) {
        return fromJson(fixtureJson(name), type);
    }

    /**
     * @param name one of {@value #FIXTURES}
     * @return the bundled sample event's JSON
     * @throws IllegalArgumentException for an unknown name
     */
    public static String fixtureJson(String name) {
        if (!FIXTURE_NAMES.contains(name)) {
            throw new IllegalArgumentException("no bundled event fixture named '" + name + "'; use one of: " + FIXTURES);
        }
        return resourceText("io/lambdakit/testing/events/" + name + ".json");
    }

    private static String resourceText(String resource) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader() != null
                ? Thread.currentThread().getContextClassLoader() : Events.class.getClassLoader();
        try (InputStream in = loader.getResourceAsStream(resource.startsWith("/") ? resource.substring(1) : resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no class-path resource '" + resource + "'; put it under src/test/resources");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read class-path resource " + resource, e);
        }
    }

    /**
     * Converts plain Java values to DynamoDB attribute values: String to S, Number to N, Boolean
     * to BOOL, null to NULL, byte[] and ByteBuffer to B, List to L, Map to M, Set of strings to SS
     * and Set of numbers to NS.
     *
     * @param values attribute names to plain values
     * @return the item as DynamoDB Streams delivers it
     * @throws IllegalArgumentException for a value of another type
     */
    public static Map<String, AttributeValue> item(Map<String, ?> values) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        values.forEach((k, v) -> item.put(k, attribute(v)));
        return item;
    }

    private static AttributeValue attribute(Object v) {
        AttributeValue a = new AttributeValue();
        if (v == null) {
            a.setNULL(true);
        } else if (v instanceof String s) {
            a.setS(s);
        } else if (v instanceof Number n) {
            a.setN(number(n));
        } else if (v instanceof Boolean b) {
            a.setBOOL(b);
        } else if (v instanceof byte[] bytes) {
            a.setB(ByteBuffer.wrap(bytes));
        } else if (v instanceof ByteBuffer buffer) {
            a.setB(buffer);
        } else if (v instanceof Set<?> set && !set.isEmpty() && set.stream().allMatch(String.class::isInstance)) {
            a.setSS(set.stream().map(String.class::cast).toList());
        } else if (v instanceof Set<?> set && !set.isEmpty() && set.stream().allMatch(Number.class::isInstance)) {
            a.setNS(set.stream().map(n -> number((Number) n)).toList());
        } else if (v instanceof Collection<?> list) {
            a.setL(list.stream().map(Events::attribute).toList());
        } else if (v instanceof Map<?, ?> map) {
            Map<String, AttributeValue> m = new LinkedHashMap<>();
            map.forEach((k, x) -> m.put(String.valueOf(k), attribute(x)));
            a.setM(m);
        } else {
            throw new IllegalArgumentException("cannot convert a " + v.getClass().getName()
                    + " to a DynamoDB attribute; use String, Number, Boolean, byte[], List, Set or Map");
        }
        return a;
    }

    private static String number(Number n) {
        return n instanceof BigDecimal d ? d.toPlainString() : n.toString();
    }

    static String md5Hex(String s) {
        return digest("MD5", s);
    }

    static String sha256Hex(String s) {
        return digest("SHA-256", s);
    }

    private static String digest(String algorithm, String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is always available", e);
        }
    }

    private static String digits(long value, int width) {
        String s = Long.toString(value);
        return "0".repeat(Math.max(0, width - s.length())) + s;
    }

    /** One SQS message of a batch being built; unset values are filled as SQS fills them. */
    public static final class SqsMessageSpec {
        private String body = "";
        private String messageId;
        private int receiveCount = 1;
        private String groupId;
        private String deduplicationId;
        private final Map<String, String> attributes = new LinkedHashMap<>();

        private SqsMessageSpec() {
        }

        /**
         * @param body the message body
         * @return this spec
         */
        public SqsMessageSpec body(String body) {
            this.body = Objects.requireNonNull(body, "body");
            return this;
        }

        /**
         * @param messageId the message id (default: a random UUID)
         * @return this spec
         */
        public SqsMessageSpec id(String messageId) {
            this.messageId = messageId;
            return this;
        }

        /**
         * @param receiveCount {@code ApproximateReceiveCount}, above 1 for a redelivery (default 1)
         * @return this spec
         */
        public SqsMessageSpec receiveCount(int receiveCount) {
            this.receiveCount = receiveCount;
            return this;
        }

        /**
         * @param groupId the FIFO message group (default {@code group-1})
         * @return this spec
         */
        public SqsMessageSpec groupId(String groupId) {
            this.groupId = groupId;
            return this;
        }

        /**
         * @param deduplicationId the FIFO deduplication id (default: the SHA-256 of the body, as with
         *                        content-based deduplication)
         * @return this spec
         */
        public SqsMessageSpec deduplicationId(String deduplicationId) {
            this.deduplicationId = deduplicationId;
            return this;
        }

        /**
         * @param name  a message attribute name
         * @param value its string value (data type String)
         * @return this spec
         */
        public SqsMessageSpec attribute(String name, String value) {
            attributes.put(name, value);
            return this;
        }
    }

    /** Builds an {@link SQSEvent}. */
    public static final class SqsBuilder {
        private final boolean fifo;
        private final List<SqsMessageSpec> messages = new ArrayList<>();
        private String queue;
        private Clock clock = Clock.systemUTC();

        private SqsBuilder(boolean fifo) {
            this.fifo = fifo;
            this.queue = fifo ? "queue.fifo" : "queue";
        }

        /**
         * @param name the queue name (a FIFO queue's ends in {@code .fifo}, which is added if missing)
         * @return this builder
         */
        public SqsBuilder queue(String name) {
            this.queue = fifo && !name.endsWith(".fifo") ? name + ".fifo" : name;
            return this;
        }

        /**
         * @param clock the clock for {@code SentTimestamp} (default: system UTC)
         * @return this builder
         */
        public SqsBuilder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /**
         * @param body a message body
         * @return this builder
         */
        public SqsBuilder message(String body) {
            return message(m -> m.body(body));
        }

        /**
         * @param spec sets the message's values
         * @return this builder
         */
        public SqsBuilder message(Consumer<SqsMessageSpec> spec) {
            SqsMessageSpec m = new SqsMessageSpec();
            spec.accept(m);
            messages.add(m);
            return this;
        }

        /** @return the event, messages in the order added */
        public SQSEvent build() {
            List<SQSEvent.SQSMessage> records = new ArrayList<>();
            long now = clock.millis();
            long sequence = 18_000_000_000_000_000L;
            for (SqsMessageSpec spec : messages) {
                SQSEvent.SQSMessage m = new SQSEvent.SQSMessage();
                String id = spec.messageId != null ? spec.messageId : UUID.randomUUID().toString();
                m.setMessageId(id);
                m.setReceiptHandle("AQEB" + java.util.Base64.getEncoder().encodeToString((id + ":" + queue).getBytes(StandardCharsets.UTF_8)));
                m.setBody(spec.body);
                m.setMd5OfBody(md5Hex(spec.body));
                m.setEventSource("aws:sqs");
                m.setEventSourceArn("arn:aws:sqs:" + REGION + ":" + ACCOUNT + ":" + queue);
                m.setAwsRegion(REGION);
                Map<String, String> attrs = new LinkedHashMap<>();
                attrs.put("ApproximateReceiveCount", Integer.toString(spec.receiveCount));
                attrs.put("SentTimestamp", Long.toString(now));
                attrs.put("SenderId", "AIDAIENQZJOLO23YVJ4VO");
                attrs.put("ApproximateFirstReceiveTimestamp", Long.toString(now + 2));
                if (fifo) {
                    sequence += 1_000_000;
                    attrs.put("SequenceNumber", Long.toString(sequence));
                    attrs.put("MessageGroupId", spec.groupId != null ? spec.groupId : "group-1");
                    attrs.put("MessageDeduplicationId", spec.deduplicationId != null ? spec.deduplicationId : sha256Hex(spec.body));
                }
                m.setAttributes(attrs);
                Map<String, SQSEvent.MessageAttribute> messageAttributes = new LinkedHashMap<>();
                spec.attributes.forEach((k, v) -> {
                    SQSEvent.MessageAttribute a = new SQSEvent.MessageAttribute();
                    a.setDataType("String");
                    a.setStringValue(v);
                    messageAttributes.put(k, a);
                });
                m.setMessageAttributes(messageAttributes);
                records.add(m);
            }
            SQSEvent event = new SQSEvent();
            event.setRecords(records);
            return event;
        }
    }

    /** Builds a {@link KinesisEvent}. */
    public static final class KinesisBuilder {
        private final List<byte[]> data = new ArrayList<>();
        private final List<String> keys = new ArrayList<>();
        private String stream = "stream";
        private String shard = "shardId-000000000000";
        private Clock clock = Clock.systemUTC();

        private KinesisBuilder() {
        }

        /**
         * @param name the stream name
         * @return this builder
         */
        public KinesisBuilder stream(String name) {
            this.stream = name;
            return this;
        }

        /**
         * @param shardId the shard (default {@code shardId-000000000000})
         * @return this builder
         */
        public KinesisBuilder shard(String shardId) {
            this.shard = shardId;
            return this;
        }

        /**
         * @param clock the clock for arrival timestamps (default: system UTC)
         * @return this builder
         */
        public KinesisBuilder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /**
         * @param text a record's data, UTF-8 (Lambda delivers it base64-encoded)
         * @return this builder
         */
        public KinesisBuilder record(String text) {
            return record(text.getBytes(StandardCharsets.UTF_8), "partition-" + data.size());
        }

        /**
         * @param bytes        a record's data
         * @param partitionKey its partition key
         * @return this builder
         */
        public KinesisBuilder record(byte[] bytes, String partitionKey) {
            data.add(bytes.clone());
            keys.add(partitionKey);
            return this;
        }

        /** @return the event, records in sequence-number order */
        public KinesisEvent build() {
            List<KinesisEvent.KinesisEventRecord> records = new ArrayList<>();
            String base = "495451152414458218006259324420096119";
            for (int i = 0; i < data.size(); i++) {
                KinesisEvent.Record k = new KinesisEvent.Record();
                String sequence = base + digits(i + 1, 20);
                k.setKinesisSchemaVersion("1.0");
                k.setPartitionKey(keys.get(i));
                k.setSequenceNumber(sequence);
                k.setData(ByteBuffer.wrap(data.get(i)));
                k.setApproximateArrivalTimestamp(new Date(clock.millis()));
                KinesisEvent.KinesisEventRecord r = new KinesisEvent.KinesisEventRecord();
                r.setKinesis(k);
                r.setEventSource("aws:kinesis");
                r.setEventVersion("1.0");
                r.setEventID(shard + ":" + sequence);
                r.setEventName("aws:kinesis:record");
                r.setInvokeIdentityArn("arn:aws:iam::" + ACCOUNT + ":role/lambda-role");
                r.setAwsRegion(REGION);
                r.setEventSourceARN("arn:aws:kinesis:" + REGION + ":" + ACCOUNT + ":stream/" + stream);
                records.add(r);
            }
            KinesisEvent event = new KinesisEvent();
            event.setRecords(records);
            return event;
        }
    }

    /** Builds a {@link DynamodbEvent}. */
    public static final class DynamoDbStreamsBuilder {
        private record Change(OperationType type, Map<String, AttributeValue> oldImage, Map<String, AttributeValue> newImage) {
        }

        private final List<Change> changes = new ArrayList<>();
        private String table = "table";
        private List<String> keyNames = List.of("id");
        private StreamViewType viewType = StreamViewType.NEW_AND_OLD_IMAGES;
        private Clock clock = Clock.systemUTC();

        private DynamoDbStreamsBuilder() {
        }

        /**
         * @param name the table name
         * @return this builder
         */
        public DynamoDbStreamsBuilder table(String name) {
            this.table = name;
            return this;
        }

        /**
         * @param names the key attribute names: partition key, then sort key if any (default {@code id})
         * @return this builder
         */
        public DynamoDbStreamsBuilder keys(String... names) {
            this.keyNames = List.of(names);
            return this;
        }

        /**
         * @param type what the stream carries (default NEW_AND_OLD_IMAGES); images it does not carry are left out
         * @return this builder
         */
        public DynamoDbStreamsBuilder viewType(StreamViewType type) {
            this.viewType = type;
            return this;
        }

        /**
         * @param clock the clock for approximate creation times (default: system UTC)
         * @return this builder
         */
        public DynamoDbStreamsBuilder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /**
         * @param newImage the item written (see {@link Events#item(Map)})
         * @return this builder
         */
        public DynamoDbStreamsBuilder insert(Map<String, AttributeValue> newImage) {
            changes.add(new Change(OperationType.INSERT, null, newImage));
            return this;
        }

        /**
         * @param oldImage the item before
         * @param newImage the item after
         * @return this builder
         */
        public DynamoDbStreamsBuilder modify(Map<String, AttributeValue> oldImage, Map<String, AttributeValue> newImage) {
            changes.add(new Change(OperationType.MODIFY, oldImage, newImage));
            return this;
        }

        /**
         * @param oldImage the item removed
         * @return this builder
         */
        public DynamoDbStreamsBuilder remove(Map<String, AttributeValue> oldImage) {
            changes.add(new Change(OperationType.REMOVE, oldImage, null));
            return this;
        }

        /**
         * @return the event
         * @throws IllegalArgumentException when an image lacks a key attribute
         */
        public DynamodbEvent build() {
            List<DynamodbEvent.DynamodbStreamRecord> records = new ArrayList<>();
            long sequence = 100_000_000_000_000_000L;
            for (Change c : changes) {
                Map<String, AttributeValue> image = c.newImage() != null ? c.newImage() : c.oldImage();
                Map<String, AttributeValue> keys = new LinkedHashMap<>();
                for (String k : keyNames) {
                    AttributeValue v = image.get(k);
                    if (v == null) {
                        throw new IllegalArgumentException("the " + c.type() + " image has no key attribute '" + k
                                + "'; add it or call keys(..) with the table's key names");
                    }
                    keys.put(k, v);
                }
                sequence += 100;
                StreamRecord s = new StreamRecord();
                s.setApproximateCreationDateTime(new Date(clock.millis() / 1000 * 1000));
                s.setKeys(keys);
                if (c.newImage() != null && (viewType == StreamViewType.NEW_IMAGE || viewType == StreamViewType.NEW_AND_OLD_IMAGES)) {
                    s.setNewImage(c.newImage());
                }
                if (c.oldImage() != null && (viewType == StreamViewType.OLD_IMAGE || viewType == StreamViewType.NEW_AND_OLD_IMAGES)) {
                    s.setOldImage(c.oldImage());
                }
                s.setSequenceNumber(Long.toString(sequence));
                s.setSizeBytes((long) (Events.toJson(image).length()));
                s.setStreamViewType(viewType);
                DynamodbEvent.DynamodbStreamRecord r = new DynamodbEvent.DynamodbStreamRecord();
                r.setEventID(UUID.randomUUID().toString().replace("-", ""));
                r.setEventName(c.type());
                r.setEventVersion("1.1");
                r.setEventSource("aws:dynamodb");
                r.setAwsRegion(REGION);
                r.setDynamodb(s);
                r.setEventSourceARN("arn:aws:dynamodb:" + REGION + ":" + ACCOUNT + ":table/" + table
                        + "/stream/2024-01-01T00:00:00.000");
                records.add(r);
            }
            DynamodbEvent event = new DynamodbEvent();
            event.setRecords(records);
            return event;
        }
    }

    /** Builds an {@link APIGatewayProxyRequestEvent} (REST API, proxy integration). */
    public static final class ApiGatewayRestBuilder {
        private String method = "GET";
        private String path = "/";
        private String resource;
        private String stage = "prod";
        private String body;
        private boolean base64;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private final Map<String, String> query = new LinkedHashMap<>();
        private final Map<String, String> pathParameters = new LinkedHashMap<>();
        private Map<String, Object> authorizer;
        private Clock clock = Clock.systemUTC();

        private ApiGatewayRestBuilder() {
            headers.put("Accept", "application/json");
            headers.put("Host", "abcdef1234.execute-api." + REGION + ".amazonaws.com");
            headers.put("User-Agent", "lambdakit-testing");
            headers.put("X-Forwarded-For", "198.51.100.7");
        }

        /**
         * @param method the HTTP method (default GET)
         * @return this builder
         */
        public ApiGatewayRestBuilder method(String method) {
            this.method = method.toUpperCase(Locale.ROOT);
            return this;
        }

        /**
         * @param path the request path, e.g. {@code /orders/42}
         * @return this builder
         */
        public ApiGatewayRestBuilder path(String path) {
            this.path = path;
            return this;
        }

        /**
         * @param resource the resource template, e.g. {@code /orders/{id}} (default: the path)
         * @return this builder
         */
        public ApiGatewayRestBuilder resource(String resource) {
            this.resource = resource;
            return this;
        }

        /**
         * @param stage the stage (default {@code prod})
         * @return this builder
         */
        public ApiGatewayRestBuilder stage(String stage) {
            this.stage = stage;
            return this;
        }

        /**
         * @param body the request body (a JSON body also sets {@code Content-Type: application/json})
         * @return this builder
         */
        public ApiGatewayRestBuilder body(String body) {
            this.body = body;
            if (body != null && body.stripLeading().startsWith("{")) {
                headers.putIfAbsent("Content-Type", "application/json");
            }
            return this;
        }

        /**
         * @param bytes a binary body, delivered base64-encoded with {@code isBase64Encoded}
         * @return this builder
         */
        public ApiGatewayRestBuilder binaryBody(byte[] bytes) {
            this.body = java.util.Base64.getEncoder().encodeToString(bytes);
            this.base64 = true;
            return this;
        }

        /**
         * @param name  a header
         * @param value its value
         * @return this builder
         */
        public ApiGatewayRestBuilder header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        /**
         * @param name  a query parameter
         * @param value its value
         * @return this builder
         */
        public ApiGatewayRestBuilder query(String name, String value) {
            query.put(name, value);
            return this;
        }

        /**
         * @param name  a path parameter of the resource template
         * @param value its value
         * @return this builder
         */
        public ApiGatewayRestBuilder pathParameter(String name, String value) {
            pathParameters.put(name, value);
            return this;
        }

        /**
         * @param claims what a Cognito or Lambda authorizer put in {@code requestContext.authorizer}
         * @return this builder
         */
        public ApiGatewayRestBuilder authorizer(Map<String, Object> claims) {
            this.authorizer = new LinkedHashMap<>(claims);
            return this;
        }

        /**
         * @param clock the clock for the request time (default: system UTC)
         * @return this builder
         */
        public ApiGatewayRestBuilder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** @return the event */
        public APIGatewayProxyRequestEvent build() {
            APIGatewayProxyRequestEvent e = new APIGatewayProxyRequestEvent();
            e.setResource(resource != null ? resource : path);
            e.setPath(path);
            e.setHttpMethod(method);
            e.setHeaders(new LinkedHashMap<>(headers));
            Map<String, List<String>> multiHeaders = new LinkedHashMap<>();
            headers.forEach((k, v) -> multiHeaders.put(k, List.of(v)));
            e.setMultiValueHeaders(multiHeaders);
            e.setQueryStringParameters(query.isEmpty() ? null : new LinkedHashMap<>(query));
            Map<String, List<String>> multiQuery = new LinkedHashMap<>();
            query.forEach((k, v) -> multiQuery.put(k, List.of(v)));
            e.setMultiValueQueryStringParameters(query.isEmpty() ? null : multiQuery);
            e.setPathParameters(pathParameters.isEmpty() ? null : new LinkedHashMap<>(pathParameters));
            e.setBody(body);
            e.setIsBase64Encoded(base64);
            Instant now = clock.instant();
            APIGatewayProxyRequestEvent.RequestIdentity identity = new APIGatewayProxyRequestEvent.RequestIdentity();
            identity.setSourceIp("198.51.100.7");
            identity.setUserAgent(headers.getOrDefault("User-Agent", "lambdakit-testing"));
            APIGatewayProxyRequestEvent.ProxyRequestContext rc = new APIGatewayProxyRequestEvent.ProxyRequestContext();
            rc.setAccountId(ACCOUNT);
            rc.setApiId("abcdef1234");
            rc.setResourceId("a1b2c3");
            rc.setStage(stage);
            rc.setRequestId(UUID.randomUUID().toString());
            rc.setExtendedRequestId("LgK3bH" + Long.toHexString(now.toEpochMilli()) + "=");
            rc.setHttpMethod(method);
            rc.setResourcePath(e.getResource());
            rc.setPath("/" + stage + path);
            rc.setProtocol("HTTP/1.1");
            rc.setRequestTime(DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH).format(now.atZone(ZoneOffset.UTC)));
            rc.setRequestTimeEpoch(now.toEpochMilli());
            rc.setDomainName(headers.get("Host"));
            rc.setDomainPrefix("abcdef1234");
            rc.setIdentity(identity);
            rc.setAuthorizer(authorizer);
            e.setRequestContext(rc);
            return e;
        }
    }

    /** Builds an {@link APIGatewayV2HTTPEvent} (HTTP API, payload format 2.0). */
    public static final class ApiGatewayHttpBuilder {
        private String method = "GET";
        private String path = "/";
        private String route;
        private String body;
        private boolean base64;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private final Map<String, String> query = new LinkedHashMap<>();
        private final Map<String, String> pathParameters = new LinkedHashMap<>();
        private final List<String> cookies = new ArrayList<>();
        private Clock clock = Clock.systemUTC();

        private ApiGatewayHttpBuilder() {
            headers.put("accept", "application/json");
            headers.put("host", "abcdef1234.execute-api." + REGION + ".amazonaws.com");
            headers.put("user-agent", "lambdakit-testing");
            headers.put("x-forwarded-for", "198.51.100.7");
        }

        /**
         * @param method the HTTP method (default GET)
         * @return this builder
         */
        public ApiGatewayHttpBuilder method(String method) {
            this.method = method.toUpperCase(Locale.ROOT);
            return this;
        }

        /**
         * @param path the raw path, e.g. {@code /orders/42}
         * @return this builder
         */
        public ApiGatewayHttpBuilder path(String path) {
            this.path = path;
            return this;
        }

        /**
         * @param routeKey the route, e.g. {@code GET /orders/{id}} (default: method and path)
         * @return this builder
         */
        public ApiGatewayHttpBuilder route(String routeKey) {
            this.route = routeKey;
            return this;
        }

        /**
         * @param body the request body
         * @return this builder
         */
        public ApiGatewayHttpBuilder body(String body) {
            this.body = body;
            if (body != null && body.stripLeading().startsWith("{")) {
                headers.putIfAbsent("content-type", "application/json");
            }
            return this;
        }

        /**
         * @param bytes a binary body, delivered base64-encoded
         * @return this builder
         */
        public ApiGatewayHttpBuilder binaryBody(byte[] bytes) {
            this.body = java.util.Base64.getEncoder().encodeToString(bytes);
            this.base64 = true;
            return this;
        }

        /**
         * @param name  a header (HTTP APIs deliver names in lower case)
         * @param value its value
         * @return this builder
         */
        public ApiGatewayHttpBuilder header(String name, String value) {
            headers.put(name.toLowerCase(Locale.ROOT), value);
            return this;
        }

        /**
         * @param name  a query parameter
         * @param value its value
         * @return this builder
         */
        public ApiGatewayHttpBuilder query(String name, String value) {
            query.put(name, value);
            return this;
        }

        /**
         * @param name  a path parameter of the route
         * @param value its value
         * @return this builder
         */
        public ApiGatewayHttpBuilder pathParameter(String name, String value) {
            pathParameters.put(name, value);
            return this;
        }

        /**
         * @param cookie a cookie, {@code name=value}
         * @return this builder
         */
        public ApiGatewayHttpBuilder cookie(String cookie) {
            cookies.add(cookie);
            return this;
        }

        /**
         * @param clock the clock for the request time (default: system UTC)
         * @return this builder
         */
        public ApiGatewayHttpBuilder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** @return the event */
        public APIGatewayV2HTTPEvent build() {
            Instant now = clock.instant();
            String routeKey = route != null ? route : method + " " + path;
            StringBuilder raw = new StringBuilder();
            query.forEach((k, v) -> raw.append(raw.length() == 0 ? "" : "&")
                    .append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
            APIGatewayV2HTTPEvent.RequestContext.Http http = APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                    .withMethod(method).withPath(path).withProtocol("HTTP/1.1").withSourceIp("198.51.100.7")
                    .withUserAgent(headers.getOrDefault("user-agent", "lambdakit-testing")).build();
            APIGatewayV2HTTPEvent.RequestContext rc = APIGatewayV2HTTPEvent.RequestContext.builder()
                    .withRouteKey(routeKey).withAccountId(ACCOUNT).withStage("$default").withApiId("abcdef1234")
                    .withDomainName(headers.get("host")).withDomainPrefix("abcdef1234")
                    .withTime(DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH).format(now.atZone(ZoneOffset.UTC)))
                    .withTimeEpoch(now.toEpochMilli()).withHttp(http).withRequestId(UUID.randomUUID().toString()).build();
            return APIGatewayV2HTTPEvent.builder()
                    .withVersion("2.0").withRouteKey(routeKey).withRawPath(path).withRawQueryString(raw.toString())
                    .withCookies(cookies.isEmpty() ? null : List.copyOf(cookies))
                    .withHeaders(new LinkedHashMap<>(headers))
                    .withQueryStringParameters(query.isEmpty() ? null : new LinkedHashMap<>(query))
                    .withPathParameters(pathParameters.isEmpty() ? null : new LinkedHashMap<>(pathParameters))
                    .withBody(body).withIsBase64Encoded(base64).withRequestContext(rc).build();
        }
    }

    /** Builds an EventBridge event ({@link ScheduledEvent}, the type the Java events library uses for all EventBridge events). */
    public static final class EventBridgeBuilder {
        private String source = "aws.events";
        private String detailType = "Scheduled Event";
        private Map<String, Object> detail = new LinkedHashMap<>();
        private final List<String> resources = new ArrayList<>();
        private Clock clock = Clock.systemUTC();

        private EventBridgeBuilder() {
        }

        /**
         * @param source the event source, e.g. {@code com.example.orders} (default {@code aws.events})
         * @return this builder
         */
        public EventBridgeBuilder source(String source) {
            this.source = source;
            return this;
        }

        /**
         * @param detailType the detail type, e.g. {@code OrderPlaced} (default {@code Scheduled Event})
         * @return this builder
         */
        public EventBridgeBuilder detailType(String detailType) {
            this.detailType = detailType;
            return this;
        }

        /**
         * @param detail the event detail
         * @return this builder
         */
        public EventBridgeBuilder detail(Map<String, Object> detail) {
            this.detail = new LinkedHashMap<>(detail);
            return this;
        }

        /**
         * @param arn a resource ARN, e.g. the schedule rule's
         * @return this builder
         */
        public EventBridgeBuilder resource(String arn) {
            resources.add(arn);
            return this;
        }

        /**
         * @param clock the clock for the event time (default: system UTC)
         * @return this builder
         */
        public EventBridgeBuilder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** @return the event */
        public ScheduledEvent build() {
            ScheduledEvent e = new ScheduledEvent();
            e.setVersion("0");
            e.setId(UUID.randomUUID().toString());
            e.setDetailType(detailType);
            e.setSource(source);
            e.setAccount(ACCOUNT);
            e.setTime(new org.joda.time.DateTime(clock.millis() / 1000 * 1000, org.joda.time.DateTimeZone.UTC));
            e.setRegion(REGION);
            e.setResources(List.copyOf(resources));
            e.setDetail(detail);
            return e;
        }
    }

    /** Builds an {@link S3Event}. */
    public static final class S3Builder {
        private record ObjectSpec(String bucket, String key, long size, String eventName) {
        }

        private final List<ObjectSpec> objects = new ArrayList<>();
        private Clock clock = Clock.systemUTC();

        private S3Builder() {
        }

        /**
         * @param bucket the bucket
         * @param key    the object key
         * @param size   the object size in bytes
         * @return this builder, with an {@code ObjectCreated:Put} record added
         */
        public S3Builder created(String bucket, String key, long size) {
            objects.add(new ObjectSpec(bucket, key, size, "ObjectCreated:Put"));
            return this;
        }

        /**
         * @param bucket the bucket
         * @param key    the object key
         * @return this builder, with an {@code ObjectRemoved:Delete} record added
         */
        public S3Builder removed(String bucket, String key) {
            objects.add(new ObjectSpec(bucket, key, 0, "ObjectRemoved:Delete"));
            return this;
        }

        /**
         * @param clock the clock for event times (default: system UTC)
         * @return this builder
         */
        public S3Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** @return the event; keys are URL-encoded as S3 delivers them */
        public S3Event build() {
            List<S3EventNotification.S3EventNotificationRecord> records = new ArrayList<>();
            String time = DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochMilli(clock.millis()));
            int sequencer = 0;
            for (ObjectSpec o : objects) {
                String encodedKey = URLEncoder.encode(o.key(), StandardCharsets.UTF_8);
                S3EventNotification.UserIdentityEntity owner = new S3EventNotification.UserIdentityEntity("A3NL1KOZZKExample");
                S3EventNotification.S3BucketEntity bucket = new S3EventNotification.S3BucketEntity(o.bucket(), owner,
                        "arn:aws:s3:::" + o.bucket());
                boolean created = o.eventName().startsWith("ObjectCreated");
                S3EventNotification.S3ObjectEntity object = new S3EventNotification.S3ObjectEntity(encodedKey,
                        created ? o.size() : null, created ? md5Hex(o.bucket() + "/" + o.key()) : null, null,
                        "0A1B2C3D4E5F6789" + digits(++sequencer, 2));
                S3EventNotification.S3Entity s3 = new S3EventNotification.S3Entity("lambdakit-notification", bucket, object, "1.0");
                records.add(new S3EventNotification.S3EventNotificationRecord(REGION, o.eventName(), "aws:s3", time, "2.1",
                        new S3EventNotification.RequestParametersEntity("198.51.100.7"),
                        new S3EventNotification.ResponseElementsEntity("nBbLJPAHhdvxmplExample", "C3D13FE58DE4C810"),
                        s3, new S3EventNotification.UserIdentityEntity("AWS:AIDAINPONIXQXHTExample")));
            }
            return new S3Event(records);
        }
    }
}
