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
 * exactly as Powertools for AWS Lambda (Java) does, so that keys match a table Powertools wrote
 * (proven against Powertools' own golden vectors in the tests):
 * <ul>
 *   <li>the payload becomes a JSON tree as Powertools' mapper builds it: POJO and event properties
 *       sorted alphabetically with null properties left out, but {@code null} Map values kept; dates
 *       as ISO strings, Joda-Time instants (S3, EventBridge events) too; {@code byte[]} as base64;</li>
 *   <li>the JMESPath expression (if any) selects the key data; containers are hashed as their
 *       compact JSON, strings as their text, numbers and booleans as Java prints them, anything
 *       else (null, binary) as its JSON ({@code byte[]}: the quoted base64 string);</li>
 *   <li>the digest is printed as Powertools prints it ({@code %032x} of a positive BigInteger): hex
 *       without leading zeros but at least 32 digits, so SHA-256 keys have 59 to 64 digits.</li>
 * </ul>
 * Key data is missing when it is null, or a container that is empty or holds only nulls; an empty
 * string is key data (Powertools hashes it). Immutable and thread-safe; expressions are compiled
 * when the codec is created (at init).
 */
final class KeyCodec {

    private static final class Holder {
        static final JacksonRuntime RUNTIME = new JacksonRuntime(RuntimeConfiguration.builder()
                .withFunctionRegistry(FunctionRegistry.defaultRegistry().extend(PowertoolsFunctions.all()))
                .withSilentTypeErrors(true)
                .build());
        // Powertools' JsonConfig: sorted properties, null properties left out (but not null Map values), dates as
        // strings, Joda-Time support. Jackson caches each type's serializer, so the lookup happens once per type.
        static final ObjectMapper TREE_MAPPER = Json.configure(JsonMapper.builder()
                .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
                .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.ALWAYS))
                .addModule(new JodaInstants())
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
     * @return true when it counts as missing (Powertools' rule): null, or a container that is empty
     *         or holds only nulls; an empty string is not missing
     */
    public static boolean isMissing(JsonNode data) {
        if (data == null || data.isNull() || data.isMissingNode()) {
            return true;
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
     * @return its digest, printed as Powertools prints it (see the class comment)
     */
    public String hash(JsonNode data) {
        byte[] digest = digest().digest(hashInput(data).getBytes(StandardCharsets.UTF_8));
        return hex(digest);
    }

    /**
     * @param data key or validation data
     * @return the text that is hashed: containers as compact JSON, strings as their text, numbers and
     *         booleans as Java prints the value, anything else (null, binary) as its JSON
     */
    static String hashInput(JsonNode data) {
        if (data == null || data.isMissingNode()) {
            return "null";
        }
        if (data.isContainerNode()) {
            return data.toString();
        }
        if (data.isTextual()) {
            return data.textValue();
        }
        if (data.isInt()) {
            return Integer.toString(data.intValue());
        }
        if (data.isLong()) {
            return Long.toString(data.longValue());
        }
        if (data.isDouble()) {
            return Double.toString(data.doubleValue());
        }
        if (data.isFloat()) {
            return Float.toString(data.floatValue());
        }
        if (data.isBigInteger()) {
            return data.bigIntegerValue().toString();
        }
        if (data.isBigDecimal()) {
            return data.decimalValue().toString();
        }
        if (data.isBoolean()) {
            return data.booleanValue() ? "true" : "false";
        }
        return data.toString();
    }

    /**
     * @param digest a digest
     * @return its hex without leading zeros but at least 32 digits, as Powertools' {@code %032x} of
     *         {@code new BigInteger(1, digest)} prints it (MD5 always keeps its 32 digits)
     */
    static String hex(byte[] digest) {
        String full = HexFormat.of().formatHex(digest);
        if (full.length() <= 32) {
            if (full.length() == 32) {
                return full;
            }
            StringBuilder sb = new StringBuilder(32);
            for (int i = full.length(); i < 32; i++) {
                sb.append('0');
            }
            return sb.append(full).toString();
        }
        int start = 0;
        int maxStrip = full.length() - 32;
        while (start < maxStrip && full.charAt(start) == '0') {
            start++;
        }
        return start == 0 ? full : full.substring(start);
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
