/**
 * The SnapStart restore benchmark: fresh JVMs time the first invocation after a simulated restore
 * with lambdakit's priming on and off ({@link io.lambdakit.benchmarks.snapstart.RestoreHarness}).
 */
package io.lambdakit.benchmarks.snapstart;
