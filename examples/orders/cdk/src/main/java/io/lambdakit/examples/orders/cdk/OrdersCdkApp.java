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
 */
public final class OrdersCdkApp {

    /** The stack's name, as in {@code sam deploy --stack-name}. */
    public static final String STACK_NAME = "LambdakitOrders";

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
        new OrdersStack(app, STACK_NAME, StackProps.builder()
                .description("lambdakit sample orders service (CDK)")
                .build(), Code.fromAsset(jar.toString()));
        app.synth();
    }
}
