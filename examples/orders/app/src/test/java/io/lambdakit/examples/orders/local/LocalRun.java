package io.lambdakit.examples.orders.local;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The README's first command ({@code mvn -B -DskipTests -Plocal-run install}) runs this in a forked
 * JVM with the app's test classpath: the orders scenario, locally, end to end. Exit status 0 when
 * every step did what it must, 1 when a step misbehaved, 2 when the local services or functions
 * could not start. With {@code -Dorders.serve=true} it then keeps serving on {@code -Dorders.port}
 * (default 3000) for curl until stopped. With {@code -Dorders.maxConcurrency=n} (n &gt; 0) the functions run as on
 * Lambda Managed Instances: each serves up to n invocations at once in one environment, and step 5 sends 2n
 * orders at once instead of the SnapStart sequence (which Managed Instances do not use).
 */
public final class LocalRun {

    private LocalRun() {
    }

    /**
     * @param args ignored; settings come from system properties {@code orders.template},
     *             {@code orders.workDirectory}, {@code orders.serve}, {@code orders.port} and
     *             {@code orders.maxConcurrency}
     */
    public static void main(String[] args) {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        Path template = Path.of(System.getProperty("orders.template", "../template.yaml"));
        Path work = Path.of(System.getProperty("orders.workDirectory", "target/local-run"));
        boolean serve = Boolean.parseBoolean(System.getProperty("orders.serve", "false"));
        int port = serve ? Integer.parseInt(System.getProperty("orders.port", "3000")) : 0;
        String concurrency = System.getProperty("orders.maxConcurrency", "0").trim();
        int maxConcurrency;
        try {
            maxConcurrency = concurrency.isEmpty() ? 0 : Integer.parseInt(concurrency);
        } catch (NumberFormatException e) {
            maxConcurrency = -1;
        }
        if (maxConcurrency < 0) {
            out.println("the local run could not start: orders.maxConcurrency was '" + concurrency + "' but it must be 0"
                    + " (classic Lambda) or the number of invocations one environment serves at once, e.g."
                    + " -Dorders.maxConcurrency=8");
            System.exit(2);
        }
        int status;
        boolean serving = false;
        OrdersScenario scenario = null;
        try {
            scenario = OrdersScenario.start(new OrdersScenario.Settings(template, work, port, out, maxConcurrency));
            scenario.run();
            if (serve) {
                OrdersScenario running = scenario;
                Runtime.getRuntime().addShutdownHook(new Thread(running::close, "local-run-shutdown"));
                serving = true;
                running.serve();
            }
            status = 0;
        } catch (OrdersScenario.ScenarioFailure e) {
            out.println();
            out.println("the local run FAILED: " + e.getMessage());
            status = 1;
        } catch (Exception e) {
            out.println();
            out.println("the local run could not start: " + e);
            e.printStackTrace(out);
            status = 2;
        } finally {
            if (scenario != null && !serving) {
                scenario.close();
            }
        }
        System.exit(status);
    }
}
