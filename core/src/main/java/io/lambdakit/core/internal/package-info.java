/**
 * Implementation details of lambdakit-core shared by the other lambdakit modules. Not a public API:
 * anything here may change in any release.
 */
package io.lambdakit.core.internal;
