package io.lambdakit.idempotency.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.burt.jmespath.Expression;
import io.burt.jmespath.JmesPathException;
import io.burt.jmespath.RuntimeConfiguration;
import io.burt.jmespath.function.FunctionRegistry;
import io.burt.jmespath.jackson.JacksonRuntime;
import io.lambdakit.core.Json;
import io.lambdakit.idempotency.HashAlgorithm;
import io.lambdakit.idempotency.IdempotencyKeyException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;

/**
 * Derives the hashed part of an idempotency key and the payload-validation hash from a payload,
 * exactly as Powertools does, so that MD5 keys match a table Powertools wrote: the payload is
 * turned into a JSON tree (POJO properties sorted alphabetically, nulls left out), the JMESPath
 * expression (if any) selects the key data, containers are hashed as their compact JSON and
 * scalars as their text. Key data is missing when it is null, an empty string, an empty container
 * or a container whose elements are all null. Immutable and thread-safe; expressions are compiled
 * when the codec is created (at init).
 */
public final class KeyCodec {

    private static final class Holder {
        static final JacksonRuntime RUNTIME = new JacksonRuntime(RuntimeConfiguration.builder()
                .withFunctionRegistry(FunctionRegistry.defaultRegistry().extend(PowertoolsFunctions.all()))
                .withSilentTypeErrors(true)
                .build());
        static final ObjectMapper TREE_MAPPER = Json.configure(JsonMapper.builder()
                .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
                .serializationInclusion(JsonInclude.Include.NON_NULL)
                .build());
    }

    private final String keyPath;
    private final Expression<JsonNode> keyExpression;
    private final String validationPath;
    private final Expression<JsonNode> validationExpression;
    private final HashAlgorithm algorithm;

    private KeyCodec(String keyPath, String validationPath, HashAlgorithm algorithm) {
        this.keyPath = keyPath;
        this.keyExpression = keyPath == null ? null : Holder.RUNTIME.compile(keyPath);
        this.validationPath = validationPath;
        this.validationExpression = validationPath == null ? null : Holder.RUNTIME.compile(validationPath);
        this.algorithm = algorithm;
        digest(); // fail at init if the JVM lacks the algorithm
    }

    /**
     * @param keyPath        JMESPath selecting the key data, or null for the whole payload
     * @param validationPath JMESPath selecting the validated data, or null for no validation
     * @param algorithm      the digest
     * @return the codec
     * @throws IllegalArgumentException naming the expression that does not parse
     */
    public static KeyCodec create(String keyPath, String validationPath, HashAlgorithm algorithm) {
        return new KeyCodec(keyPath, validationPath, algorithm);
    }

    /**
     * @param expression a JMESPath expression
     * @return null when it compiles (with the Powertools functions), else the parser's complaint
     */
    public static String checkExpression(String expression) {
        try {
            Holder.RUNTIME.compile(expression);
            return null;
        } catch (RuntimeException e) {
            return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
    }

    /** @return the key expression, or null for the whole payload */
    public String keyPath() {
        return keyPath;
    }

    /** @return the validation expression, or null */
    public String validationPath() {
        return validationPath;
    }

    /** @return the digest */
    public HashAlgorithm algorithm() {
        return algorithm;
    }

    /** @return true when payload validation is on */
    public boolean validates() {
        return validationExpression != null;
    }

    /**
     * @param payload the event or method argument
     * @return its JSON tree
     * @throws IdempotencyKeyException when Jackson cannot convert it
     */
    public JsonNode toJson(Object payload) {
        if (payload instanceof JsonNode node) {
            return node;
        }
        try {
            return Holder.TREE_MAPPER.valueToTree(payload);
        } catch (IllegalArgumentException e) {
            throw new IdempotencyKeyException("The payload of type " + payload.getClass().getName()
                    + " cannot be converted to JSON to derive its idempotency key; make it a Jackson-serialisable"
                    + " type or pass the key data itself as the payload", e);
        }
    }

    /**
     * @param payload the payload's JSON tree
     * @return the key hash, or null when the key data is missing
     * @throws IdempotencyKeyException when the expression fails on this payload
     */
    public String keyHash(JsonNode payload) {
        JsonNode data = keyExpression == null ? payload : search(keyExpression, keyPath, "eventKeyJmesPath", payload);
        return isMissing(data) ? null : hash(data);
    }

    /**
     * @param payload the payload's JSON tree
     * @return the validation hash, or null when validation is off
     */
    public String validationHash(JsonNode payload) {
        if (validationExpression == null) {
            return null;
        }
        return hash(search(validationExpression, validationPath, "payloadValidationJmesPath", payload));
    }

    /**
     * @param data key data
     * @return true when it counts as missing (Powertools' rule)
     */
    public static boolean isMissing(JsonNode data) {
        if (data == null || data.isNull() || data.isMissingNode()) {
            return true;
        }
        if (data.isTextual()) {
            return data.textValue().isEmpty();
        }
        if (data.isContainerNode()) {
            Iterator<JsonNode> it = data.elements();
            while (it.hasNext()) {
                JsonNode e = it.next();
                if (e != null && !e.isNull() && !e.isMissingNode()) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    /**
     * @param data key or validation data
     * @return its hex digest: containers as compact JSON, scalars as their text
     */
    public String hash(JsonNode data) {
        String text;
        if (data == null || data.isMissingNode()) {
            text = "null";
        } else if (data.isContainerNode()) {
            text = data.toString();
        } else if (data.isValueNode() && !data.isNull()) {
            text = data.asText();
        } else {
            text = data.toString();
        }
        byte[] digest = digest().digest(text.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest);
    }

    private MessageDigest digest() {
        try {
            return MessageDigest.getInstance(algorithm.jcaName());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no " + algorithm.jcaName() + " MessageDigest", e);
        }
    }

    private static JsonNode search(Expression<JsonNode> expression, String path, String option, JsonNode payload) {
        try {
            return expression.search(payload);
        } catch (JmesPathException e) {
            throw new IdempotencyKeyException(option + " '" + path + "' failed on this payload: " + e.getMessage(), e);
        }
    }
}
