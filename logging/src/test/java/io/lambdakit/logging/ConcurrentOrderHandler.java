package io.lambdakit.logging;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.lambdakit.core.Environment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The woven handler {@link LoggingConcurrencyIT} runs on a Lambda Managed Instances environment: invocations wait
 * for each other in waves of {@code AWS_LAMBDA_MAX_CONCURRENCY}, so that many are truly in flight while they log.
 * Each invocation writes one DEBUG line before the wave meets and one after (buffered: they reach the log only if
 * the invocation fails), and INFO lines naming its order; {@code "fail": true} fails it after the wave.
 * {@code in_flight} is how many request ids were inside the handler when this one entered. The constructor puts
 * {@code deployment} in the MDC of the thread that initialises the function.
 */
public class ConcurrentOrderHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    private static final Logger LOG = LoggerFactory.getLogger(ConcurrentOrderHandler.class);
    private static final Set<String> IN_FLIGHT = ConcurrentHashMap.newKeySet();
    private static final CyclicBarrier WAVE = new CyclicBarrier(Environment.system().maxConcurrency());

    public ConcurrentOrderHandler() {
        MDC.put("deployment", "blue");
    }

    @Override
    @Logging(logEvent = true, logError = true, correlationIdPath = CorrelationIdPaths.API_GATEWAY_REST)
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        String orderId = String.valueOf(event.get("orderId"));
        LOG.atDebug().addKeyValue("orderId", orderId).log("checking stock for {}", orderId);
        IN_FLIGHT.add(context.getAwsRequestId());
        int inFlight = IN_FLIGHT.size();
        try {
            awaitWave();
            LOG.atInfo().addKeyValue("orderId", orderId).addKeyValue("in_flight", inFlight).log("order {} entered", orderId);
            LOG.atDebug().addKeyValue("orderId", orderId).log("stock reserved for {}", orderId);
            if (Boolean.TRUE.equals(event.get("fail"))) {
                throw new IllegalStateException("order " + orderId + " rejected");
            }
            LOG.atInfo().addKeyValue("orderId", orderId).log("order {} handled", orderId);
            return Map.of("orderId", orderId);
        } finally {
            IN_FLIGHT.remove(context.getAwsRequestId());
        }
    }

    static void awaitWave() {
        try {
            WAVE.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the wave", e);
        } catch (BrokenBarrierException | TimeoutException e) {
            throw new IllegalStateException("the other invocations of the wave never came: fewer than "
                    + WAVE.getParties() + " were in flight", e);
        }
    }
}
