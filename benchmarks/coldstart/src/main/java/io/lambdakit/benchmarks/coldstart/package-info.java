/**
 * The cold-start benchmark and the report: each benchmark function (bare, lambdakit, Powertools)
 * is launched in fresh JVMs under the real Lambda runtime interface client through
 * lambdakit-testing's {@code LocalFunction}, runs alternating, and the figures of one whole run
 * (cold start, JMH, SnapStart restore) are written into {@code docs/benchmarks.md}.
 */
package io.lambdakit.benchmarks.coldstart;
