package io.lambdakit.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * Gives a JUnit 5 test a running {@link LocalFunction}, built from a configured builder with
 * {@link #of(LocalFunction.Builder)} (any mode, environment, timeout, ...) or from a handler class
 * with the defaults ({@link #forHandler(Class)}). Register it on a {@code static} field to share one
 * function across the class (started before all tests, closed after), or on an instance field for a
 * new function per test. Test methods can also take the {@link LocalFunction} as a parameter.
 *
 * <pre>{@code
 * @RegisterExtension
 * static LocalFunctionExtension function = LocalFunctionExtension.of(LocalFunction.builder()
 *         .handler(OrderHandler.class).mode(LocalFunction.Mode.IN_PROCESS).environment("POWERTOOLS_SERVICE_NAME", "orders"))
 *         .freshPerTest();
 *
 * @Test
 * void placesOrder() {
 *     InvocationResult result = function.invoke(Events.apiGatewayRest().method("POST").body("{}").build());
 *     assertThat(result.coldStart()).isTrue(); // whichever test runs first: freshPerTest()
 * }
 * }</pre>
 *
 * <p>A shared function's execution environment is warm after the first test's first invocation, so
 * only that test sees the cold start ({@link InvocationResult#coldStart()} says which invocation had
 * it). Where tests assert on cold-start output ({@code cold_start}, the {@code ColdStart} metric),
 * {@link #freshPerTest()} keeps the function but gives each test a new execution environment, so the
 * outcome does not depend on test order.
 */
public final class LocalFunctionExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback, ParameterResolver {

    private final Supplier<LocalFunction> factory;
    private LocalFunction function;
    private boolean perClass;
    private boolean freshPerTest;

    private LocalFunctionExtension(Supplier<LocalFunction> factory) {
        this.factory = factory;
    }

    /**
     * @param builder a configured builder; {@link LocalFunction.Builder#start()} is called when the extension starts
     * @return the extension
     */
    public static LocalFunctionExtension of(LocalFunction.Builder builder) {
        Objects.requireNonNull(builder, "builder");
        return new LocalFunctionExtension(builder::start);
    }

    /**
     * @param handlerClass a class implementing {@code RequestHandler} or {@code RequestStreamHandler}, run through the
     *                     real runtime client with the defaults
     * @return the extension
     */
    public static LocalFunctionExtension forHandler(Class<?> handlerClass) {
        return of(LocalFunction.builder().handler(handlerClass));
    }

    /**
     * Each test starts with a new execution environment of the shared function: its first invocation is
     * a cold start, and (in {@link LocalFunction.Mode#IN_PROCESS}) lambdakit's process-wide state is new,
     * whatever the tests before it did. An environment no invocation has used yet is kept (the first test
     * does not pay for two starts). On an instance field every test gets a new function anyway.
     *
     * @return this extension
     */
    public LocalFunctionExtension freshPerTest() {
        this.freshPerTest = true;
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        perClass = true;
        function = factory.get();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        closeFunction();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (function == null) {
            function = factory.get();
        } else if (freshPerTest && function.environmentUsed()) {
            function.restart();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (!perClass) {
            closeFunction();
        }
    }

    private void closeFunction() {
        if (function != null) {
            try {
                function.close();
            } finally {
                function = null;
            }
        }
    }

    /**
     * @return the running function
     * @throws IllegalStateException outside a test
     */
    public LocalFunction get() {
        if (function == null) {
            throw new IllegalStateException("the local function runs only while a test runs; register the extension with "
                    + "@RegisterExtension and call get() from a test or lifecycle method");
        }
        return function;
    }

    /**
     * @param eventJson the event
     * @return the result
     * @see LocalFunction#invoke(String)
     */
    public InvocationResult invoke(String eventJson) {
        return get().invoke(eventJson);
    }

    /**
     * @param event the event object
     * @return the result
     * @see LocalFunction#invoke(Object)
     */
    public InvocationResult invoke(Object event) {
        return get().invoke(event);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == LocalFunction.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return get();
    }
}
