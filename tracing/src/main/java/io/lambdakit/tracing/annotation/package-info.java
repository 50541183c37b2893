/**
 * The {@link io.lambdakit.tracing.annotation.Tracing @Tracing} annotation, woven at compile time by
 * AspectJ with lambdakit-tracing as an aspect library. It lives in its own package so that its
 * Powertools name does not clash with the plain API's {@link io.lambdakit.tracing.Tracing} facade;
 * both run the same engine.
 */
package io.lambdakit.tracing.annotation;
