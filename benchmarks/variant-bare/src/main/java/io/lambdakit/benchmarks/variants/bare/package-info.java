/**
 * Benchmark variant (A), the baseline: the benchmark function written with Jackson and System.out only, no toolkit.
 * The handler does the same work in every variant: read an API Gateway event and its JSON body,
 * log three structured lines with two keys each, add two metrics with one dimension, call one
 * traced method and return a response.
 */
package io.lambdakit.benchmarks.variants.bare;
