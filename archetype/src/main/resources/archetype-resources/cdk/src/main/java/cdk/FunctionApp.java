package ${package}.cdk;

import java.nio.file.Files;
import java.nio.file.Path;

import software.amazon.awscdk.App;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.lambda.Code;

/**
 * The CDK app: {@code npx aws-cdk@2 deploy} in this directory runs it (see {@code cdk.json}). The function code is
 * the function module's shaded jar: build it first with {@code mvn -B package} at the project root (or pass
 * {@code -c functionJar=/path/to/the.jar}).
 */
public final class FunctionApp {

    /** The stack's name, as in {@code sam deploy --stack-name}. */
    public static final String STACK_NAME = "${serviceName}";

    private FunctionApp() {
    }

    /**
     * Synthesises the stack into {@code cdk.out}.
     *
     * @param args ignored; configuration comes from the CDK context
     */
    public static void main(String[] args) {
        App app = new App();
        Object configured = app.getNode().tryGetContext("functionJar");
        Path jar = Path.of(configured == null ? "../function/target/${rootArtifactId}.jar" : configured.toString());
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("The function code " + jar.toAbsolutePath() + " does not exist; build it with"
                    + " 'mvn -B package' at the project root, or pass -c functionJar=<path to the jar>");
        }
        new FunctionStack(app, STACK_NAME, StackProps.builder().description("${serviceName} (lambdakit)").build(),
                Code.fromAsset(jar.toString()));
        app.synth();
    }
}
