package io.lambdakit.maven;

import io.lambdakit.core.spi.WeavingScanner;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Fails the build when a compiled class has a method carrying a lambdakit annotation
 * ({@code @Logging}, {@code @Tracing}, {@code @FlushMetrics}, {@code @Idempotent}) that its
 * aspect did not weave: the AspectJ plugin is missing, or the annotation's module is not among its
 * {@code aspectLibraries}, or the annotation sits on an abstract method. Such an annotation would
 * do nothing at run time (for {@code @Idempotent}: the method would run unguarded). Runs after
 * compilation ({@code process-classes}), over the module's main classes; the message names every
 * such method and the {@code aspectLibrary} to add.
 */
@Mojo(name = "verify-weaving", defaultPhase = LifecyclePhase.PROCESS_CLASSES, threadSafe = true)
public class VerifyWeavingMojo extends AbstractMojo {

    /** The compiled classes to check. */
    @Parameter(defaultValue = "${project.build.outputDirectory}", required = true)
    private File classesDirectory;

    /** Skips the check. */
    @Parameter(property = "lambdakit.verifyWeaving.skip", defaultValue = "false")
    private boolean skip;

    /** Creates the mojo (Maven does). */
    public VerifyWeavingMojo() {
    }

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("lambdakit: verify-weaving skipped");
            return;
        }
        Path root = classesDirectory.toPath();
        if (!Files.isDirectory(root)) {
            getLog().info("lambdakit: no classes in " + root + ", nothing to verify");
            return;
        }
        List<WeavingScanner.Finding> findings = new ArrayList<>();
        int classes;
        try {
            classes = scan(root, findings);
        } catch (IOException | UncheckedIOException e) {
            throw new MojoExecutionException("lambdakit: cannot read the classes in " + root + ": " + e.getMessage(), e);
        }
        if (!findings.isEmpty()) {
            throw new MojoFailureException(report(findings));
        }
        getLog().info("lambdakit: every lambdakit annotation in " + classes + " classes is woven");
    }

    /** Scans every class file under {@code root}, adding what it finds; returns how many classes were read. */
    static int scan(Path root, List<WeavingScanner.Finding> findings) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(p -> p.toString().endsWith(".class") && Files.isRegularFile(p)).sorted().toList();
        }
        for (Path file : files) {
            try {
                findings.addAll(WeavingScanner.scan(Files.readAllBytes(file)).findings());
            } catch (IllegalArgumentException e) {
                throw new IOException(file + " is not a class file: " + e.getMessage(), e);
            }
        }
        return files.size();
    }

    /** One message naming every unwoven method and what to add. */
    static String report(List<WeavingScanner.Finding> findings) {
        StringBuilder sb = new StringBuilder("lambdakit: ").append(findings.size())
                .append(findings.size() == 1 ? " annotated method was" : " annotated methods were")
                .append(" not woven and would do nothing at run time:");
        for (WeavingScanner.Finding f : findings) {
            sb.append("\n - ").append(f.message());
        }
        return sb.toString();
    }
}
