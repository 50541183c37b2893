package io.lambdakit.testing;

import io.lambdakit.core.ConfigurationException;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A template's DynamoDB tables as {@link CreateTableRequest}s, for {@link DynamoDbLocal#createTables(SamTemplate)}:
 * each property CloudFormation documents either translated, accepted without local effect, or reported as a
 * problem naming the resource and property.
 */
final class TemplateTables {

    static final String TABLE = "AWS::DynamoDB::Table";
    static final String SIMPLE_TABLE = "AWS::Serverless::SimpleTable";

    /** Properties of AWS::DynamoDB::Table that change nothing DynamoDB Local does. */
    private static final Set<String> NO_LOCAL_EFFECT = Set.of("SSESpecification", "PointInTimeRecoverySpecification",
            "Tags", "DeletionProtectionEnabled", "ContributorInsightsSpecification", "TableClass", "ResourcePolicy",
            "KinesisStreamSpecification", "OnDemandThroughput", "WarmThroughput");
    private static final Set<String> TRANSLATED = Set.of("TableName", "AttributeDefinitions", "KeySchema",
            "GlobalSecondaryIndexes", "LocalSecondaryIndexes", "BillingMode", "ProvisionedThroughput",
            "StreamSpecification", "TimeToLiveSpecification");
    private static final Set<String> SIMPLE_NO_LOCAL_EFFECT = Set.of("SSESpecification", "Tags", "PointInTimeRecoverySpecification");
    private static final Set<String> SIMPLE_TRANSLATED = Set.of("TableName", "PrimaryKey", "ProvisionedThroughput");

    private TemplateTables() {
    }

    static void table(String id, Map<String, Object> p, Map<String, CreateTableRequest> requests, Map<String, String> ttl,
                      ConfigurationException.Problems problems) {
        Where at = new Where(id, TABLE, problems);
        for (String property : p.keySet()) {
            at.require(TRANSLATED.contains(property) || NO_LOCAL_EFFECT.contains(property), property,
                    "is not supported by DynamoDbLocal.createTables; remove it, or create this table yourself with admin()");
        }
        CreateTableRequest.Builder b = CreateTableRequest.builder().tableName(tableName(id, p));
        List<AttributeDefinition> attributes = new ArrayList<>();
        for (Map<String, Object> a : at.maps(p.get("AttributeDefinitions"), "AttributeDefinitions", true)) {
            attributes.add(AttributeDefinition.builder().attributeName(at.string(a, "AttributeName", "AttributeDefinitions"))
                    .attributeType(at.oneOf(a, "AttributeType", "AttributeDefinitions", Set.of("S", "N", "B"))).build());
        }
        b.attributeDefinitions(attributes);
        b.keySchema(keySchema(at, p.get("KeySchema"), "KeySchema"));
        boolean provisioned = "PROVISIONED".equals(p.get("BillingMode"))
                || p.get("BillingMode") == null && p.get("ProvisionedThroughput") != null;
        at.require(p.get("BillingMode") == null || "PROVISIONED".equals(p.get("BillingMode"))
                || "PAY_PER_REQUEST".equals(p.get("BillingMode")), "BillingMode", "must be PROVISIONED or PAY_PER_REQUEST");
        ProvisionedThroughput tableThroughput = provisioned ? throughput(at, p.get("ProvisionedThroughput"), "ProvisionedThroughput") : null;
        if (provisioned) {
            b.billingMode(BillingMode.PROVISIONED).provisionedThroughput(tableThroughput);
        } else {
            b.billingMode(BillingMode.PAY_PER_REQUEST);
        }
        List<GlobalSecondaryIndex> globals = new ArrayList<>();
        for (Map<String, Object> g : at.maps(p.get("GlobalSecondaryIndexes"), "GlobalSecondaryIndexes", false)) {
            String where = "GlobalSecondaryIndexes." + g.get("IndexName");
            GlobalSecondaryIndex.Builder index = GlobalSecondaryIndex.builder()
                    .indexName(at.string(g, "IndexName", "GlobalSecondaryIndexes"))
                    .keySchema(keySchema(at, g.get("KeySchema"), where + ".KeySchema"))
                    .projection(projection(at, g.get("Projection"), where + ".Projection"));
            if (provisioned) {
                index.provisionedThroughput(g.get("ProvisionedThroughput") == null ? tableThroughput
                        : throughput(at, g.get("ProvisionedThroughput"), where + ".ProvisionedThroughput"));
            }
            globals.add(index.build());
        }
        if (!globals.isEmpty()) {
            b.globalSecondaryIndexes(globals);
        }
        List<LocalSecondaryIndex> locals = new ArrayList<>();
        for (Map<String, Object> l : at.maps(p.get("LocalSecondaryIndexes"), "LocalSecondaryIndexes", false)) {
            String where = "LocalSecondaryIndexes." + l.get("IndexName");
            locals.add(LocalSecondaryIndex.builder().indexName(at.string(l, "IndexName", "LocalSecondaryIndexes"))
                    .keySchema(keySchema(at, l.get("KeySchema"), where + ".KeySchema"))
                    .projection(projection(at, l.get("Projection"), where + ".Projection")).build());
        }
        if (!locals.isEmpty()) {
            b.localSecondaryIndexes(locals);
        }
        if (p.get("StreamSpecification") != null) {
            Map<String, Object> stream = at.map(p.get("StreamSpecification"), "StreamSpecification");
            if (stream != null) {
                b.streamSpecification(StreamSpecification.builder().streamEnabled(true)
                        .streamViewType(at.oneOf(stream, "StreamViewType", "StreamSpecification",
                                Set.of("KEYS_ONLY", "NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES"))).build());
            }
        }
        if (p.get("TimeToLiveSpecification") != null) {
            Map<String, Object> t = at.map(p.get("TimeToLiveSpecification"), "TimeToLiveSpecification");
            if (t != null && !"false".equals(String.valueOf(t.get("Enabled")))) {
                ttl.put(id, at.string(t, "AttributeName", "TimeToLiveSpecification"));
            }
        }
        if (!at.failed) {
            requests.put(id, b.build());
        }
    }

    static void simpleTable(String id, Map<String, Object> p, Map<String, CreateTableRequest> requests,
                            ConfigurationException.Problems problems) {
        Where at = new Where(id, SIMPLE_TABLE, problems);
        for (String property : p.keySet()) {
            at.require(SIMPLE_TRANSLATED.contains(property) || SIMPLE_NO_LOCAL_EFFECT.contains(property), property,
                    "is not supported by DynamoDbLocal.createTables; remove it, or create this table yourself with admin()");
        }
        String name = "id";
        String type = "S";
        if (p.get("PrimaryKey") != null) {
            Map<String, Object> key = at.map(p.get("PrimaryKey"), "PrimaryKey");
            if (key != null) {
                name = at.string(key, "Name", "PrimaryKey");
                String declared = at.oneOf(key, "Type", "PrimaryKey", Set.of("String", "Number", "Binary"));
                type = declared.isEmpty() ? "S" : declared.substring(0, 1);
            }
        }
        CreateTableRequest.Builder b = CreateTableRequest.builder().tableName(tableName(id, p))
                .attributeDefinitions(AttributeDefinition.builder().attributeName(name).attributeType(type).build())
                .keySchema(KeySchemaElement.builder().attributeName(name).keyType("HASH").build());
        if (p.get("ProvisionedThroughput") != null) {
            b.billingMode(BillingMode.PROVISIONED).provisionedThroughput(throughput(at, p.get("ProvisionedThroughput"),
                    "ProvisionedThroughput"));
        } else {
            b.billingMode(BillingMode.PAY_PER_REQUEST);
        }
        if (!at.failed) {
            requests.put(id, b.build());
        }
    }

    /** A literal TableName, else the logical id (a TableName built with !Sub names the table in AWS only). */
    private static String tableName(String id, Map<String, Object> p) {
        return p.get("TableName") instanceof String name && !name.isBlank() ? name : id;
    }

    private static List<KeySchemaElement> keySchema(Where at, Object value, String property) {
        List<KeySchemaElement> keys = new ArrayList<>();
        for (Map<String, Object> k : at.maps(value, property, true)) {
            keys.add(KeySchemaElement.builder().attributeName(at.string(k, "AttributeName", property))
                    .keyType(at.oneOf(k, "KeyType", property, Set.of("HASH", "RANGE"))).build());
        }
        return keys;
    }

    private static Projection projection(Where at, Object value, String property) {
        Map<String, Object> p = at.map(value, property);
        if (p == null) {
            return Projection.builder().projectionType("ALL").build();
        }
        Projection.Builder b = Projection.builder().projectionType(p.get("ProjectionType") == null ? "ALL"
                : at.oneOf(p, "ProjectionType", property, Set.of("ALL", "KEYS_ONLY", "INCLUDE")));
        if (p.get("NonKeyAttributes") instanceof List<?> names) {
            List<String> attributes = new ArrayList<>();
            for (Object n : names) {
                attributes.add(String.valueOf(n));
            }
            b.nonKeyAttributes(attributes);
        }
        return b.build();
    }

    private static ProvisionedThroughput throughput(Where at, Object value, String property) {
        Map<String, Object> t = at.map(value, property);
        if (t == null) {
            at.problem(property, "is required with BillingMode PROVISIONED; give ReadCapacityUnits and WriteCapacityUnits,"
                    + " or set BillingMode: PAY_PER_REQUEST");
            return ProvisionedThroughput.builder().readCapacityUnits(1L).writeCapacityUnits(1L).build();
        }
        return ProvisionedThroughput.builder().readCapacityUnits(at.number(t, "ReadCapacityUnits", property))
                .writeCapacityUnits(at.number(t, "WriteCapacityUnits", property)).build();
    }

    /** One resource's problems, each naming the resource and the property. */
    private static final class Where {
        final String id;
        final String type;
        final ConfigurationException.Problems problems;
        boolean failed;

        Where(String id, String type, ConfigurationException.Problems problems) {
            this.id = id;
            this.type = type;
            this.problems = problems;
        }

        void problem(String property, String what) {
            failed = true;
            problems.add(id + " (" + type + "): " + property + " " + what);
        }

        void require(boolean condition, String property, String what) {
            if (!condition) {
                problem(property, what);
            }
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> map(Object value, String property) {
            if (value == null) {
                return null;
            }
            if (value instanceof Map<?, ?> m && !isIntrinsic(m)) {
                return (Map<String, Object>) m;
            }
            problem(property, "is " + value + " but it must be a literal mapping here (intrinsic functions are not resolved"
                    + " for local tables)");
            return null;
        }

        List<Map<String, Object>> maps(Object value, String property, boolean required) {
            List<Map<String, Object>> found = new ArrayList<>();
            if (value == null) {
                require(!required, property, "is missing; CloudFormation requires it");
                return found;
            }
            if (!(value instanceof List<?> list)) {
                problem(property, "is " + value + " but it must be a literal list here (intrinsic functions are not"
                        + " resolved for local tables)");
                return found;
            }
            for (Object item : list) {
                Map<String, Object> m = map(item, property);
                if (m != null) {
                    found.add(m);
                }
            }
            return found;
        }

        String string(Map<String, Object> m, String key, String property) {
            Object v = m.get(key);
            if (v instanceof String s && !s.isEmpty()) {
                return s;
            }
            problem(property + "." + key, v == null ? "is missing" : "is " + v + " but it must be a literal string");
            return "";
        }

        String oneOf(Map<String, Object> m, String key, String property, Set<String> allowed) {
            String s = string(m, key, property);
            if (!s.isEmpty() && !allowed.contains(s)) {
                problem(property + "." + key, "is " + s + " but it must be one of " + new java.util.TreeSet<>(allowed));
                return "";
            }
            return s;
        }

        long number(Map<String, Object> m, String key, String property) {
            Object v = m.get(key);
            if (v instanceof Number n) {
                return n.longValue();
            }
            if (v instanceof String s) {
                try {
                    return Long.parseLong(s);
                } catch (NumberFormatException e) {
                    // reported below
                }
            }
            problem(property + "." + key, v == null ? "is missing" : "is " + v + " but it must be a literal number");
            return 1L;
        }

        private static boolean isIntrinsic(Map<?, ?> m) {
            if (m.size() != 1) {
                return false;
            }
            String key = String.valueOf(m.keySet().iterator().next());
            return key.equals("Ref") || key.startsWith("Fn::");
        }
    }
}
