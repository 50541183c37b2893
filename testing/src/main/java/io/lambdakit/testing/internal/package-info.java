/**
 * The machinery behind {@code io.lambdakit.testing}: the local Runtime API server, the child-JVM
 * and in-process drivers, output capture from a file, the runtime's serializer selection and the
 * handler dispatcher that mirrors the managed runtime's rules. Not API: it changes without notice.
 */
package io.lambdakit.testing.internal;
