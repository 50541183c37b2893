package io.lambdakit.secrets.internal.sdk;

import io.lambdakit.secrets.RawValue;
import io.lambdakit.secrets.internal.RawKey;
import io.lambdakit.secrets.spi.ParameterRequest;
import io.lambdakit.secrets.spi.ParameterSource;
import io.lambdakit.secrets.spi.PathRequest;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.GetParameterResponse;
import software.amazon.awssdk.services.ssm.model.GetParametersByPathRequest;
import software.amazon.awssdk.services.ssm.model.GetParametersByPathResponse;
import software.amazon.awssdk.services.ssm.model.Parameter;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** SSM {@code GetParameter} and {@code GetParametersByPath} (all pages) through the SDK. */
final class SdkParameterSource implements ParameterSource {

    private static final String VIA = "SSM Parameter Store (AWS SDK)";

    private final SsmClient client;

    SdkParameterSource(SsmClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    @Override
    public RawValue fetch(ParameterRequest request) {
        String name = request.name();
        if (request.version() != null) {
            name = name + ":" + request.version();
        } else if (request.label() != null) {
            name = name + ":" + request.label();
        }
        GetParameterResponse response;
        try {
            String selector = name;
            response = client.getParameter(b -> b.name(selector).withDecryption(request.withDecryption()));
        } catch (SdkException e) {
            throw SdkFailures.map(RawKey.Kind.PARAMETER, request.name(), VIA, e);
        }
        Parameter p = response.parameter();
        return RawValue.ofText(p.value(), p.version() == null ? null : p.version().toString());
    }

    @Override
    public Map<String, RawValue> fetchByPath(PathRequest request) {
        Map<String, RawValue> result = new LinkedHashMap<>();
        String path = request.path();
        String nextToken = null;
        try {
            do {
                GetParametersByPathResponse page = client.getParametersByPath(GetParametersByPathRequest.builder()
                        .path(path)
                        .recursive(request.recursive())
                        .withDecryption(request.withDecryption())
                        .nextToken(nextToken)
                        .build());
                for (Parameter p : page.parameters()) {
                    result.put(relative(path, p.name()), RawValue.ofText(p.value(), p.version() == null ? null : p.version().toString()));
                }
                nextToken = page.nextToken();
            } while (nextToken != null && !nextToken.isEmpty());
        } catch (SdkException e) {
            throw SdkFailures.map(RawKey.Kind.PATH, path, VIA, e);
        }
        return result;
    }

    static String relative(String path, String name) {
        String rel = name.startsWith(path) ? name.substring(path.length()) : name;
        while (rel.startsWith("/")) {
            rel = rel.substring(1);
        }
        return rel;
    }

    @Override
    public String describe() {
        return VIA;
    }

    @Override
    public String toString() {
        return "SdkParameterSource";
    }
}
