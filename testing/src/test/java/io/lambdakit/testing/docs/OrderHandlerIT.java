package io.lambdakit.testing.docs;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import io.lambdakit.testing.Events;
import io.lambdakit.testing.InvocationResult;
import io.lambdakit.testing.LocalFunctionExtension;
import io.lambdakit.testing.sample.OrderHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

// docs:begin order-handler-it
class OrderHandlerIT {
    @RegisterExtension
    static LocalFunctionExtension function = LocalFunctionExtension.forHandler(OrderHandler.class);

    @Test
    void placesOrder() {
        InvocationResult result = function.invoke(Events.apiGatewayRest().method("POST").path("/orders").body("{\"sku\":\"A1\"}").build());

        assertThat(result.responseAs(APIGatewayProxyResponseEvent.class).getStatusCode()).isEqualTo(201);
        assertThat(result.logLines()).anyMatch(line -> line.path("message").asText().equals("order placed"));
    }
}
// docs:end order-handler-it
