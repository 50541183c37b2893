/**
 * lambdakit's Maven plugin: build-time checks users add to their function's build, such as
 * {@code verify-weaving}, which fails the build when a lambdakit annotation was compiled without
 * its aspect and would silently do nothing.
 */
package io.lambdakit.maven;
