/**
 * Implementation of lambdakit-tracing: the engine every front door calls, the subsegment model, the
 * X-Ray segment document codec, the UDP emitter, the id generator and the AspectJ aspect. Not a
 * public API: anything here may change in any release.
 */
package io.lambdakit.tracing.internal;
