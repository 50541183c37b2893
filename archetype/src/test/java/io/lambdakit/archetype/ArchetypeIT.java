package io.lambdakit.archetype;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a user does, for real: {@code archetype:generate} with the archetype this build just made, then
 * {@code mvn -B verify} in the generated project, in spawned Maven processes. Then the generated project's own test
 * reports are read: its unit tests, its test under the real runtime client and its CDK synth test must have run
 * (counts above zero) and passed.
 *
 * <p>Offline, like examples/weaving's UnwovenBuildIT: lambdakit's artifacts and the archetype come from target/it-repo
 * (maven-invoker-plugin:install), everything else from the user's local repository through a file:// mirror; nothing
 * is installed into it. This works on a fresh clone once the main build has run, because the generated poms use the
 * plugin and library versions of this reactor (ArchetypeVersionsTest).
 *
 * <p>Two projects are built in full (each event source, each style, with and without idempotency; the second one also
 * runs the README's local invoke), two more (the other style with idempotency, for each event source) up to their unit
 * tests.
 */
class ArchetypeIT {

    private static final Path WORK = Path.of(System.getProperty("archetype.itWork"));
    private static final Path IT_REPOSITORY = Path.of(System.getProperty("archetype.itRepository"));
    private static final Path SETTINGS = WORK.resolve("settings.xml");

    @BeforeAll
    static void prepare() throws IOException {
        Files.createDirectories(WORK);
        // aws-cdk-lib asks for cdk-asset-awscli-v1 by a version range, which needs the version list of a remote
        // repository; a local repository used as a mirror has none (it keeps the list under another name), and a list
        // written into the nested builds' local repository is dropped by the resolver when the mirror answers "not
        // found". So the list is served by a second file:// repository of its own, next to the mirror, naming the
        // versions the user's repository holds; the artifact itself still comes through the mirror.
        Path awscli = Path.of(System.getProperty("archetype.userRepository"), "software", "amazon", "awscdk", "cdk-asset-awscli-v1");
        Path versionLists = WORK.resolve("version-lists");
        Path served = versionLists.resolve("software/amazon/awscdk/cdk-asset-awscli-v1");
        StringBuilder versions = new StringBuilder();
        try (Stream<Path> children = Files.list(awscli)) {
            for (Path version : children.filter(Files::isDirectory).sorted().toList()) {
                versions.append("<version>").append(version.getFileName()).append("</version>");
                // the resolver fetches a version from the repository whose list named it: serve its files there too
                serve(version, served.resolve(version.getFileName().toString()));
            }
        }
        Path metadata = served.resolve("maven-metadata.xml");
        Files.createDirectories(metadata.getParent());
        Files.writeString(metadata, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><metadata><groupId>software.amazon.awscdk</groupId>"
                + "<artifactId>cdk-asset-awscli-v1</artifactId><versioning><versions>" + versions
                + "</versions></versioning></metadata>");
        Files.writeString(SETTINGS, "<settings><mirrors><mirror><id>user-repository</id><mirrorOf>*,!version-lists</mirrorOf><url>"
                + Path.of(System.getProperty("archetype.userRepository")).toUri() + "</url></mirror></mirrors>"
                + "<profiles><profile><id>version-lists</id><repositories><repository><id>version-lists</id><url>"
                + versionLists.toUri() + "</url><releases><updatePolicy>always</updatePolicy></releases>"
                + "<snapshots><enabled>false</enabled></snapshots></repository></repositories></profile></profiles>"
                + "<activeProfiles><activeProfile>version-lists</activeProfile></activeProfiles></settings>");
    }

    /** Links (or copies, where links are refused) the jar, pom and checksum files of one version into {@code to}. */
    private static void serve(Path version, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(version)) {
            for (Path file : files.filter(f -> f.getFileName().toString().matches(".*\\.(jar|pom)(\\.sha1)?")).toList()) {
                Path target = to.resolve(file.getFileName().toString());
                if (Files.exists(target)) {
                    continue;
                }
                try {
                    Files.createLink(target, file);
                } catch (IOException | UnsupportedOperationException e) {
                    Files.copy(file, target);
                }
            }
        }
    }

    @Test
    void apiWithAnnotationsAndIdempotency_generatedProject_buildsAndItsTestsPass() throws Exception {
        Path project = generate("orders-api", "com.example.orders", "api", "annotations", "true");

        assertThat(project.resolve("function/src/main/java/com/example/orders/ApiHandler.java")).exists();
        assertThat(project.resolve("function/src/main/java/com/example/orders/QueueHandler.java")).doesNotExist();
        assertThat(project.resolve(".gitignore")).exists();
        // the BOM's proof: an AWS SDK module without a version builds
        assertThat(Files.readString(project.resolve("function/pom.xml")))
                .containsPattern("<artifactId>dynamodb</artifactId>\\s*<exclusions>");

        String log = build(project);

        assertThat(log).contains("lambdakit: every lambdakit annotation in").contains("is woven")
                .contains("advised by around advice from 'io.lambdakit.idempotency.internal.IdempotentAspect'");
        assertPassed(project.resolve("function/target/surefire-reports"), "com.example.orders.ApiHandlerTest", 4);
        assertPassed(project.resolve("function/target/failsafe-reports"), "com.example.orders.ApiHandlerIT", 2);
        assertPassed(project.resolve("cdk/target/surefire-reports"), "com.example.orders.cdk.FunctionStackTest", 3);
        assertThat(project.resolve("function/target/orders-api.jar")).exists();
    }

    @Test
    void sqsWithThePlainApiWithoutIdempotency_generatedProject_buildsAndItsTestsPass() throws Exception {
        Path project = generate("tasks-sqs", "com.example.tasks", "sqs", "plain", "false");

        assertThat(project.resolve("function/src/main/java/com/example/tasks/QueueHandler.java")).exists();
        assertThat(project.resolve("function/src/main/java/com/example/tasks/ApiHandler.java")).doesNotExist();
        String pom = Files.readString(project.resolve("function/pom.xml"));
        assertThat(pom).doesNotContain("aspectj-maven-plugin").doesNotContain("lambdakit-idempotency")
                .doesNotContain("DynamoDBLocal");

        String log = build(project);

        assertThat(log).doesNotContain("advised by");
        assertPassed(project.resolve("function/target/surefire-reports"), "com.example.tasks.QueueHandlerTest", 2);
        assertPassed(project.resolve("function/target/failsafe-reports"), "com.example.tasks.QueueHandlerIT", 1);
        assertPassed(project.resolve("cdk/target/surefire-reports"), "com.example.tasks.cdk.FunctionStackTest", 3);

        // the README's "run it locally": events/event.json under the real runtime client, its output printed
        Result invoke = mvn(project, project.resolve("local-invoke.log"), List.of("-DskipTests", "-Plocal-invoke", "verify"));

        assertThat(invoke.exitCode).as(invoke.output).isZero();
        assertThat(invoke.output)
                .contains("processed task task-1 (resize)")
                .contains("---- response")
                .contains("{\"batchItemFailures\":[{\"itemIdentifier\":\"2e1424d4-f796-459a-8184-9c92662be6da\"}]}");
    }

    /** The other sides of the idempotency choice: the plain API's Idempotency.execute, and @Idempotent per SQS message. */
    @Test
    void otherStyles_generatedFunctions_compileAndPassTheirUnitTests() throws Exception {
        Path api = generate("plain-api", "com.example.plain", "api", "plain", "true");
        Path sqs = generate("annotated-sqs", "com.example.annotated", "sqs", "annotations", "true");

        build(api, "-pl", "function", "test");
        String sqsLog = build(sqs, "-pl", "function", "test");

        assertPassed(api.resolve("function/target/surefire-reports"), "com.example.plain.ApiHandlerTest", 4);
        assertPassed(sqs.resolve("function/target/surefire-reports"), "com.example.annotated.QueueHandlerTest", 2);
        assertThat(sqsLog).contains("advised by around advice from 'io.lambdakit.idempotency.internal.IdempotentAspect'");
    }

    @Test
    void invalidChoice_generate_failsNamingTheAllowedValues() throws Exception {
        Path directory = Files.createDirectories(WORK.resolve("invalid"));
        clean(directory.resolve("invalid-choice"));

        Result generate = mvn(directory, directory.resolve("generate.log"), generateCommand("invalid-choice", "com.example",
                "kafka", "annotations", "maybe"));

        assertThat(generate.exitCode).as(generate.output).isNotZero();
        assertThat(generate.output)
                .contains("-DeventSource was 'kafka' but it must be one of api, sqs")
                .contains("-Didempotency was 'maybe' but it must be one of true, false");
        assertThat(directory.resolve("invalid-choice")).as("the half-made project is removed").doesNotExist();
    }

    private static Path generate(String artifactId, String groupId, String eventSource, String style, String idempotency)
            throws Exception {
        Path directory = Files.createDirectories(WORK.resolve(artifactId + "-generate"));
        clean(directory.resolve(artifactId));
        Result generate = mvn(directory, directory.resolve("generate.log"),
                generateCommand(artifactId, groupId, eventSource, style, idempotency));
        assertThat(generate.exitCode).as(generate.output).isZero();
        return directory.resolve(artifactId);
    }

    private static List<String> generateCommand(String artifactId, String groupId, String eventSource, String style,
            String idempotency) {
        // the command docs/getting-started.md shows, with the plugin's full coordinates (no plugin prefix lookup offline)
        return List.of("org.apache.maven.plugins:maven-archetype-plugin:" + System.getProperty("archetype.pluginVersion") + ":generate",
                "-DarchetypeGroupId=io.lambdakit", "-DarchetypeArtifactId=lambdakit-archetype",
                "-DarchetypeVersion=" + System.getProperty("archetype.version"),
                "-DgroupId=" + groupId, "-DartifactId=" + artifactId,
                "-DeventSource=" + eventSource, "-Dstyle=" + style, "-Didempotency=" + idempotency);
    }

    private static String build(Path project, String... arguments) throws Exception {
        List<String> goals = arguments.length == 0 ? List.of("verify") : List.of(arguments);
        Result build = mvn(project, project.resolve("build.log"), goals);
        assertThat(build.exitCode).as("mvn -B %s in %s; its log is %s", goals, project, project.resolve("build.log")).isZero();
        return build.output;
    }

    /** The reports of one test class: it ran at least {@code minimumTests} tests, none failed, none was skipped. */
    private static void assertPassed(Path reports, String testClass, int minimumTests) throws IOException {
        Path report = reports.resolve("TEST-" + testClass + ".xml");
        assertThat(report).as("the report of %s", testClass).exists();
        String suite = Files.readString(report, StandardCharsets.UTF_8);
        Matcher header = Pattern.compile("<testsuite [^>]*").matcher(suite);
        assertThat(header.find()).as(report.toString()).isTrue();
        assertThat(attribute(header.group(), "tests")).as("tests run in %s", testClass).isGreaterThanOrEqualTo(minimumTests);
        assertThat(attribute(header.group(), "failures")).as("failures in %s", testClass).isZero();
        assertThat(attribute(header.group(), "errors")).as("errors in %s", testClass).isZero();
        assertThat(attribute(header.group(), "skipped")).as("skipped in %s", testClass).isZero();
    }

    private static int attribute(String element, String name) {
        Matcher value = Pattern.compile("\\s" + name + "=\"(\\d+)\"").matcher(element);
        assertThat(value.find()).as("%s in %s", name, element).isTrue();
        return Integer.parseInt(value.group(1));
    }

    private record Result(int exitCode, String output) {
    }

    private static Result mvn(Path directory, Path log, List<String> arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("maven.home"), "bin", "mvn").toString(),
                "-B", "-s", SETTINGS.toString(), "-Dmaven.repo.local=" + IT_REPOSITORY));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        // jsii unpacks aws-cdk-lib (some 200 MB) into its package cache: once for both projects, under target/
        builder.environment().put("JSII_RUNTIME_PACKAGE_CACHE_ROOT", WORK.resolve("jsii-cache").toString());
        Process mvn = builder.start();
        boolean ended = mvn.waitFor(10, TimeUnit.MINUTES);
        if (!ended) {
            mvn.destroyForcibly();
        }
        String output = Files.readString(log);
        assertThat(ended).as("mvn %s ended within 10 minutes; its log is %s", arguments, log).isTrue();
        return new Result(mvn.exitValue(), output);
    }

    private static void clean(Path directory) throws IOException {
        if (Files.exists(directory)) {
            try (Stream<Path> walk = Files.walk(directory)) {
                for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }
}
