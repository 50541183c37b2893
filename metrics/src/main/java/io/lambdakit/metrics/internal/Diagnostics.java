package io.lambdakit.metrics.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Where the module reports its own problems. Production uses SLF4J; tests capture. */
public interface Diagnostics {

    /** @param message a problem worth a warning */
    void warn(String message);

    /** @param message a repeated problem, after its first warning */
    void debug(String message);

    /** @return diagnostics through the SLF4J logger {@code io.lambdakit.metrics} */
    static Diagnostics slf4j() {
        Logger log = LoggerFactory.getLogger("io.lambdakit.metrics");
        return new Diagnostics() {
            @Override
            public void warn(String message) {
                log.warn(message);
            }

            @Override
            public void debug(String message) {
                log.debug(message);
            }
        };
    }
}
