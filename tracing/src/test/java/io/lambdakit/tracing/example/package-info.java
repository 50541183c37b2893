/** The handler shown in docs/tracing.md, compiled and exercised by the module's tests. */
package io.lambdakit.tracing.example;
