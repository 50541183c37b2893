package io.lambdakit.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.properties.CanBeAnnotated.Predicates.annotatedWith;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import io.lambdakit.architecture.Codebase.Module;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Rule (b) of CONTRIBUTING.md, "Packages and visibility": feature modules use core's public API and SPI
 * only, core uses no other module, no shipped main code uses the test kit, the test kit and the Maven
 * plugin use public API and SPI only, and the benchmarks measure public API only. Each rule reports every
 * offending dependency in one failure.
 */
class LayeringArchitectureTest {

    /** A class woven code calls ({@code aspectOf()}): using it is the weaver's doing, not the code's. */
    private static final DescribedPredicate<JavaClass> ASPECT = annotatedWith("org.aspectj.lang.annotation.Aspect").forSubtype();

    @Test
    void featureModules_dependOnCorePublicApiAndSpiOnly() {
        List<ArchRule> rules = new ArrayList<>();
        for (Module feature : Module.FEATURES) {
            List<String> forbidden = new ArrayList<>();
            for (Module other : Module.values()) {
                if (other != feature && other != Module.CORE) {
                    forbidden.add(other.packages());
                }
            }
            forbidden.add("io.lambdakit.core.internal..");

            rules.add(noClasses().that().resideInAPackage(feature.packages())
                    .should().dependOnClassesThat().resideInAnyPackage(forbidden.toArray(String[]::new))
                    .because("a feature module depends on core's public API and io.lambdakit.core.spi only; "
                            + "what two modules share moves into core"));
        }

        Violations.check("feature modules depend on core's public API and SPI only", rules, Codebase.shipped());
    }

    @Test
    void core_dependsOnNoOtherModule() {
        List<String> others = new ArrayList<>();
        for (Module module : Module.values()) {
            if (module != Module.CORE) {
                others.add(module.packages());
            }
        }

        noClasses().that().resideInAPackage(Module.CORE.packages())
                .should().dependOnClassesThat().resideInAnyPackage(others.toArray(String[]::new))
                .because("every module depends on core, so core depending on one would be a cycle")
                .check(Codebase.shipped());
    }

    @Test
    void shippedMainCode_doesNotUseTheTestKit() {
        noClasses().that().resideOutsideOfPackage(Module.TESTING.packages())
                .should().dependOnClassesThat().resideInAPackage(Module.TESTING.packages())
                .because("lambdakit-testing is a test-scope dependency of users; main code that needs it would fail at run time")
                .check(Codebase.shipped());
    }

    @Test
    void testKitAndMavenPlugin_useOtherModulesPublicApiAndSpiOnly() {
        List<ArchRule> rules = new ArrayList<>();
        for (Module module : List.of(Module.TESTING, Module.MAVEN_PLUGIN)) {
            DescribedPredicate<JavaClass> othersInternals = resideInAPackage("io.lambdakit.*.internal..")
                    .and(not(resideInAPackage(module.packages())))
                    .as("classes in another module's internal package");

            rules.add(noClasses().that().resideInAPackage(module.packages())
                    .should().dependOnClassesThat(othersInternals)
                    .because("lambdakit-testing and the Maven plugin use every module's public API and SPI, like users' code"));
        }

        Violations.check("the test kit and the Maven plugin use public API and SPI only", rules, Codebase.shipped());
    }

    @Test
    void benchmarks_usePublicApiOnly() {
        DescribedPredicate<JavaClass> notPublicApi = resideInAnyPackage("io.lambdakit.*.internal..", "io.lambdakit.core.spi..")
                .and(not(ASPECT))
                .as("classes in an internal package or in io.lambdakit.core.spi (aspects that woven code calls excepted)");

        noClasses().that().resideInAPackage("io.lambdakit.benchmarks..")
                .should().dependOnClassesThat(notPublicApi)
                .because("the benchmarks measure what users get, through the API users call")
                .check(Codebase.benchmarksWithShipped());
    }
}
