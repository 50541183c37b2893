/**
 * The contract every {@link io.lambdakit.logging.spi.LogSink} must honour, as an abstract JUnit 5 test
 * class: extend {@link io.lambdakit.testing.logging.LogSinkContract}, return a fresh sink and what its
 * destination received, and the suite proves what the logging engine relies on (each call is one whole
 * line, only the given slice is written, the buffer is not kept, concurrent lines never interleave).
 * Needs lambdakit-logging on the test class path.
 */
package io.lambdakit.testing.logging;
