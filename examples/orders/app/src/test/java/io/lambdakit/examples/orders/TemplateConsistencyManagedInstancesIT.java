package io.lambdakit.examples.orders;

import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;

import io.lambdakit.examples.orders.local.LocalAws;
import io.lambdakit.testing.SamTemplate;

/**
 * {@link TemplateConsistencyIT}'s checks over template-managed-instances.yaml: on Lambda Managed Instances too,
 * each Handler names a method Lambda can call, every variable the code reads is set and nothing else is, and
 * each function's IAM statements grant exactly the calls it makes.
 */
class TemplateConsistencyManagedInstancesIT extends TemplateConsistencyIT {

    /** Hides {@link TemplateConsistencyIT#startLocalAws()}: the same checks, the other template. */
    @BeforeAll
    static void startLocalAws() throws Exception {
        template = SamTemplate.read(Path.of(System.getProperty("orders.template")).resolveSibling("template-managed-instances.yaml"));
        aws = LocalAws.start(template);
    }
}
