/**
 * What lambdakit's feature modules (and extensions built like them) need from core beyond the
 * public API: the sneaky rethrow of a body's exceptions ({@link io.lambdakit.core.spi.Throwables}),
 * the slot of a process-wide instance ({@link io.lambdakit.core.spi.ProcessWide}), the warn-once
 * reporter ({@link io.lambdakit.core.spi.Diagnostics}) and the line head it writes
 * ({@link io.lambdakit.core.spi.LineHead}), the hot-path JSON writer
 * ({@link io.lambdakit.core.spi.JsonWriter}), SnapStart class preloading
 * ({@link io.lambdakit.core.spi.ClassPreloader}) and priming ({@link io.lambdakit.core.spi.PrimingContext}),
 * the aspects' shared precedence ({@link io.lambdakit.core.spi.AspectOrder}) and weaving scanner
 * ({@link io.lambdakit.core.spi.WeavingScanner}), and the mark of a replayed invocation
 * ({@link io.lambdakit.core.spi.Replay}), which idempotency sets and metrics reads. Not for handler code: these types may change
 * between minor versions, with a note in the changelog.
 */
package io.lambdakit.core.spi;
