package com.example.weaving;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.lambdakit.metrics.FlushMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * An unwoven {@code @FlushMetrics} (compiled by javac alone, like all test sources here): not
 * dangerous, so the init check warns once and the function runs. Its first log line, at init,
 * is the first use of lambdakit (lambdakit-logging is the SLF4J provider).
 */
public class UnwovenMetricsHandler implements RequestHandler<Map<String, String>, String> {

    private static final Logger LOG = LoggerFactory.getLogger(UnwovenMetricsHandler.class);

    public UnwovenMetricsHandler() {
        LOG.info("greeter ready");
    }

    @Override
    @FlushMetrics(namespace = "WeavingProof")
    public String handleRequest(Map<String, String> event, Context context) {
        return "hello " + event.get("name");
    }
}
