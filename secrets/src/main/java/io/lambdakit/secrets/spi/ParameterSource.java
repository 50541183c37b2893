package io.lambdakit.secrets.spi;

import io.lambdakit.secrets.RawValue;
import io.lambdakit.secrets.SecretsException;

import java.util.Map;

/**
 * Fetches SSM parameters from a store, with no caching. Same contract as {@link SecretSource}.
 */
public interface ParameterSource {

    /**
     * @param request what to read
     * @return the value
     * @throws SecretsException when it cannot be read
     */
    RawValue fetch(ParameterRequest request);

    /**
     * Reads every parameter under a path.
     *
     * @param request what to read
     * @return the values by name relative to the path (no leading slash), in the store's order
     * @throws SecretsException when they cannot be read; {@link SecretsException.Reason#UNSUPPORTED}
     *         by default
     */
    default Map<String, RawValue> fetchByPath(PathRequest request) {
        throw new SecretsException(request.path(), SecretsException.Reason.UNSUPPORTED, -1,
                "Parameters under path '" + request.path() + "' cannot be read through " + describe()
                        + ": it serves single parameters only. Implement fetchByPath(..) in this source, or read paths through "
                        + "the SDK provider (Parameters.builder().provider(ProviderKind.SDK)).", null);
    }

    /** @return where values come from, for messages */
    String describe();
}
