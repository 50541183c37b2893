package io.lambdakit.examples.orders.cdk;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import software.amazon.awscdk.App;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.lambda.Code;

/**
 * The orders stack synthesised once per test JVM (the first synthesis starts the jsii runtime,
 * about 15 s on a cold cache; later ones take milliseconds), written to {@code target/cdk.out}.
 */
final class SynthesizedStack {

    private static SynthesizedStack instance;

    final Template template;
    final Path templateFile;

    private SynthesizedStack(Template template, Path templateFile) {
        this.template = template;
        this.templateFile = templateFile;
    }

    static synchronized SynthesizedStack get() {
        if (instance == null) {
            instance = synthesize();
        }
        return instance;
    }

    private static SynthesizedStack synthesize() {
        try {
            Path outdir = Path.of(System.getProperty("orders.cdkOut"));
            // The asset's content does not change the template beyond its hash; the real jar is the app module's.
            Path asset = Files.createDirectories(outdir.resolveSibling("cdk-test-asset"));
            Files.writeString(asset.resolve("README"), "stands in for orders.jar in the synth test\n");
            App app = App.Builder.create().outdir(outdir.toString()).build();
            OrdersStack stack = new OrdersStack(app, OrdersCdkApp.STACK_NAME,
                    StackProps.builder().description("lambdakit sample orders service (CDK)").build(),
                    Code.fromAsset(asset.toString()));
            Template template = Template.fromStack(stack);
            app.synth();
            return new SynthesizedStack(template, outdir.resolve(OrdersCdkApp.STACK_NAME + ".template.json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
