package io.lambdakit.logging;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.util.Map;

/** The business part of the parity handlers: identical for both doors. */
public final class OrderLogic {

    static final Logger LOG = LoggerFactory.getLogger(WovenOrderHandler.class);

    private OrderLogic() {
    }

    static Map<String, Object> handle(Map<String, Object> event) {
        MDC.put("customer", String.valueOf(event.get("customer")));
        LOG.debug("validating {}", event.get("orderId"));
        LOG.atInfo().addKeyValue("orderId", event.get("orderId")).addKeyValue("password", "hunter2").log("processing order");
        if (Boolean.TRUE.equals(event.get("fail"))) {
            throw new IllegalStateException("order rejected: " + event.get("orderId"));
        }
        return Map.of("status", "accepted", "orderId", event.get("orderId"));
    }
}
