/** The examples docs/testing.md shows, compiled and run so the page cannot drift from the API. */
package io.lambdakit.testing.docs;
