/**
 * What the contract suites share and users do not call: the concurrent runner of their thread-safety
 * cases. Public only because the suites live in several packages.
 */
package io.lambdakit.testing.contracts.internal;
