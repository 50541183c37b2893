/**
 * Benchmark variant (B): the benchmark function with lambdakit logging, metrics and tracing, annotated and woven at compile time.
 * The handler does the same work in every variant: read an API Gateway event and its JSON body,
 * log three structured lines with two keys each, add two metrics with one dimension, call one
 * traced method and return a response.
 */
package io.lambdakit.benchmarks.variants.lambdakit;
