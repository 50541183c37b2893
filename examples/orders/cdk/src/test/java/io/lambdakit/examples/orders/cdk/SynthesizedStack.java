package io.lambdakit.examples.orders.cdk;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import software.amazon.awscdk.App;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.lambda.Code;

/**
 * The orders stack synthesised once per test JVM (the first synthesis starts the jsii runtime,
 * about 15 s on a cold cache; later ones take milliseconds), written to {@code target/cdk.out}; and its
 * Lambda Managed Instances variant, with {@link #MANAGED_INSTANCES}, written to {@code target/cdk.out-managed-instances}.
 */
final class SynthesizedStack {

    /** The Managed Instances settings the tests synthesise with (made-up subnet and security group ids). */
    static final OrdersStack.ManagedInstances MANAGED_INSTANCES = new OrdersStack.ManagedInstances(
            List.of("subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"), List.of("sg-0a1b2c3d4e5f60003"), 24, 4, 32);

    private static SynthesizedStack instance;
    private static SynthesizedStack managedInstances;

    final Template template;
    final Path templateFile;

    private SynthesizedStack(Template template, Path templateFile) {
        this.template = template;
        this.templateFile = templateFile;
    }

    static synchronized SynthesizedStack get() {
        if (instance == null) {
            instance = synthesize(null);
        }
        return instance;
    }

    /** The Lambda Managed Instances variant, synthesised with {@link #MANAGED_INSTANCES}. */
    static synchronized SynthesizedStack managedInstances() {
        if (managedInstances == null) {
            managedInstances = synthesize(MANAGED_INSTANCES);
        }
        return managedInstances;
    }

    private static SynthesizedStack synthesize(OrdersStack.ManagedInstances lmi) {
        try {
            Path classic = Path.of(System.getProperty("orders.cdkOut"));
            Path outdir = lmi == null ? classic : classic.resolveSibling(classic.getFileName() + "-managed-instances");
            String name = lmi == null ? OrdersCdkApp.STACK_NAME : OrdersCdkApp.MANAGED_INSTANCES_STACK_NAME;
            // The asset's content does not change the template beyond its hash; the real jar is the app module's.
            Path asset = Files.createDirectories(classic.resolveSibling("cdk-test-asset"));
            Files.writeString(asset.resolve("README"), "stands in for orders.jar in the synth test\n");
            App app = App.Builder.create().outdir(outdir.toString()).build();
            OrdersStack stack = new OrdersStack(app, name,
                    StackProps.builder().description("lambdakit sample orders service (CDK)").build(),
                    Code.fromAsset(asset.toString()), lmi);
            Template template = Template.fromStack(stack);
            app.synth();
            return new SynthesizedStack(template, outdir.resolve(name + ".template.json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
