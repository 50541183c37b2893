/**
 * Extension points of lambdakit-logging: {@link io.lambdakit.logging.spi.LogSink}, where finished
 * JSON lines are written (standard output by default; a capturing sink in tests, a file or socket
 * elsewhere).
 */
package io.lambdakit.logging.spi;
