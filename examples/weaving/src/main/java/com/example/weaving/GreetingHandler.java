package com.example.weaving;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.lambdakit.metrics.FlushMetrics;
import io.lambdakit.metrics.MetricUnit;
import io.lambdakit.metrics.Metrics;

import java.util.Map;

/** A plain handler, as a user writes it: the annotation is all it knows of AspectJ. */
public class GreetingHandler implements RequestHandler<Map<String, String>, Map<String, String>> {

    @Override
    @FlushMetrics(namespace = "WeavingProof", service = "greeter", captureColdStart = true)
    public Map<String, String> handleRequest(Map<String, String> event, Context context) {
        String name = event.getOrDefault("name", "world");
        Metrics.current().add("Greetings", 1, MetricUnit.COUNT);
        Metrics.current().addMetadata("name", name);
        return Map.of("greeting", "hello " + name);
    }
}
