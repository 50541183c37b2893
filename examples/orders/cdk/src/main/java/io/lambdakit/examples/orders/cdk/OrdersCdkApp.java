package io.lambdakit.examples.orders.cdk;

import java.nio.file.Files;
import java.nio.file.Path;

import software.amazon.awscdk.App;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.lambda.Code;

/**
 * The CDK app: {@code npx aws-cdk@2.1148.1 deploy} in this directory runs it (see {@code cdk.json}).
 * The function code is the shaded jar of the {@code app} module; build it first with
 * {@code mvn -B package} at the repository root (or pass {@code -c appJar=/path/to/orders.jar}).
 *
 * <p>With {@code -c managedInstances=true -c subnetIds=subnet-a,subnet-b -c securityGroupIds=sg-1} it synthesises
 * the Lambda Managed Instances variant instead, as stack {@value #MANAGED_INSTANCES_STACK_NAME}; optional
 * {@code -c maxConcurrency=16 -c memoryGiBPerVCpu=2 -c maxVCpuCount=16} (the defaults shown).
 */
public final class OrdersCdkApp {

    /** The stack's name, as in {@code sam deploy --stack-name}. */
    public static final String STACK_NAME = "LambdakitOrders";
    /** The Lambda Managed Instances variant's stack name (the two can live side by side). */
    public static final String MANAGED_INSTANCES_STACK_NAME = "LambdakitOrdersManagedInstances";

    private OrdersCdkApp() {
    }

    /**
     * Synthesises the stack into {@code cdk.out}.
     *
     * @param args ignored; configuration comes from the CDK context
     */
    public static void main(String[] args) {
        App app = new App();
        Object configured = app.getNode().tryGetContext("appJar");
        Path jar = Path.of(configured == null ? "../app/target/orders.jar" : configured.toString());
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("The function code " + jar.toAbsolutePath() + " does not exist; build it with"
                    + " 'mvn -B package' at the repository root, or pass -c appJar=<path to orders.jar>");
        }
        OrdersStack.ManagedInstances managedInstances = managedInstances(app);
        new OrdersStack(app, managedInstances == null ? STACK_NAME : MANAGED_INSTANCES_STACK_NAME, StackProps.builder()
                .description(managedInstances == null ? "lambdakit sample orders service (CDK)"
                        : "lambdakit sample orders service on Lambda Managed Instances (CDK)")
                .build(), Code.fromAsset(jar.toString()), managedInstances);
        app.synth();
    }

    /** @return the Managed Instances settings from the context, or null without {@code -c managedInstances=true} */
    static OrdersStack.ManagedInstances managedInstances(App app) {
        if (!Boolean.parseBoolean(context(app, "managedInstances", "false"))) {
            return null;
        }
        return new OrdersStack.ManagedInstances(list(context(app, "subnetIds", "")), list(context(app, "securityGroupIds", "")),
                (int) number(app, "maxConcurrency", OrdersStack.ManagedInstances.DEFAULT_MAX_CONCURRENCY),
                number(app, "memoryGiBPerVCpu", OrdersStack.ManagedInstances.DEFAULT_MEMORY_GIB_PER_VCPU),
                (int) number(app, "maxVCpuCount", OrdersStack.ManagedInstances.DEFAULT_MAX_VCPU_COUNT));
    }

    private static double number(App app, String key, double defaultValue) {
        String value = context(app, key, "");
        if (value.isEmpty()) {
            return defaultValue;
        }
        try {
            double number = Double.parseDouble(value);
            if (!key.equals("memoryGiBPerVCpu") && number != Math.rint(number)) {
                throw new NumberFormatException();
            }
            return number;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-c " + key + " was '" + value + "' but it must be a"
                    + (key.equals("memoryGiBPerVCpu") ? " number (2, 4 or 8)" : " whole number"), e);
        }
    }

    private static String context(App app, String key, String defaultValue) {
        Object value = app.getNode().tryGetContext(key);
        return value == null ? defaultValue : value.toString().trim();
    }

    private static java.util.List<String> list(String commaSeparated) {
        return java.util.Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
