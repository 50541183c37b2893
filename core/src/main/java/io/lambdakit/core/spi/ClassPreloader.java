package io.lambdakit.core.spi;

import io.lambdakit.core.Lifecycle;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Loads a module's hot-path classes before a SnapStart checkpoint, from the class list the build
 * recorded for it ({@code io.lambdakit.core.internal.ClassListRecorder}) at {@code META-INF/lambdakit/preload/<module>.classlist}.
 *
 * <p>lambdakit's own classes and Jackson's are loaded and initialised (their static initialisers
 * are cheap and side-effect free by project rule; the shared {@code ObjectMapper}'s holder is
 * among them), except the holders of the process-wide, environment-bound instances
 * ({@link #NOT_INITIALIZED}), which only their owners create.
 * Every other class (AWS SDK, Lambda libraries, SLF4J) is loaded without running its initialiser.
 * A class that cannot be found (an optional dependency the function does not ship, such as an SDK
 * client) is counted as missing; a class that fails to load or initialise is counted as failed.
 * Neither ever fails the checkpoint.
 */
public final class ClassPreloader implements Lifecycle.Hook<Class<?>> {

    /** Where class lists live on the class path. */
    public static final String RESOURCE_DIRECTORY = "META-INF/lambdakit/preload/";

    /** Classes loaded but never initialised by a preload: their initialisers create process-wide instances. */
    public static final java.util.Set<String> NOT_INITIALIZED = java.util.Set.of(
            "io.lambdakit.core.ExecutionEnvironment$Holder",
            "io.lambdakit.logging.internal.LoggerRegistry$Global");

    private static final int MAX_NAMES_KEPT = 20;

    /**
     * What one preload did.
     *
     * @param module      the module whose list was read
     * @param listed      how many classes the list names
     * @param loaded      how many were loaded (or were already)
     * @param initialized how many of those were also initialised
     * @param missing     how many could not be found (optional dependencies absent)
     * @param failed      how many failed to load or initialise
     * @param examples    up to 20 names of missing or failed classes, for diagnostics
     * @param took        how long it took
     */
    public record Report(String module, int listed, int loaded, int initialized, int missing, int failed,
                         List<String> examples, Duration took) {
    }

    private final String module;
    private final ClassLoader loader;
    private volatile Report last;
    private volatile Lifecycle.Registration registration;

    private ClassPreloader(String module, ClassLoader loader) {
        this.module = module;
        this.loader = loader;
    }

    /**
     * Registers a before-checkpoint hook that preloads {@code module}'s class list.
     *
     * @param lifecycle the registry
     * @param module    the module's short name, e.g. {@code logging}
     * @param anchor    a class of the module, whose loader reads the list and loads the classes
     * @return the preloader, whose {@link #lastReport()} tells what the hook did
     */
    public static ClassPreloader register(Lifecycle lifecycle, String module, Class<?> anchor) {
        ClassPreloader p = new ClassPreloader(Objects.requireNonNull(module, "module"), anchor.getClassLoader());
        Lifecycle.Registration r = lifecycle.onBeforeCheckpoint("lambdakit-" + module + ": preload hot-path classes", anchor, p);
        ClassPreloader registered = (ClassPreloader) r.hook(); // the first one, when the module registered before
        registered.registration = r;
        return registered;
    }

    /**
     * The before-checkpoint hook: preloads the list.
     *
     * @param anchor the module's class the hook is owned by
     */
    @Override
    public void run(Class<?> anchor) {
        preload();
    }

    @Override
    public String describe(Class<?> anchor) {
        Report r = last;
        return r == null ? null : r.loaded() + " of " + r.listed() + " classes loaded, " + r.initialized() + " initialised, "
                + r.missing() + " not on the class path, " + r.failed() + " failed";
    }

    /** @return the hook's registration, to unregister it with its owner */
    public Lifecycle.Registration registration() {
        return registration;
    }

    /** @return the report of the latest preload, if one ran */
    public Optional<Report> lastReport() {
        return Optional.ofNullable(last);
    }

    /**
     * Preloads the module's list now.
     *
     * @return what it did
     */
    public Report preload() {
        Report r = preload(module, read(module, loader), loader);
        last = r;
        return r;
    }

    /**
     * @param module a module's short name
     * @return the resource path of its class list
     */
    public static String resource(String module) {
        return RESOURCE_DIRECTORY + module + ".classlist";
    }

    /**
     * Reads a module's class list; blank lines and {@code #} comments are skipped.
     *
     * @param module a module's short name
     * @param loader the loader to read it with
     * @return the binary class names, in recorded load order; empty when the list is absent
     */
    public static List<String> read(String module, ClassLoader loader) {
        List<String> names = new ArrayList<>();
        try (InputStream in = loader.getResourceAsStream(resource(module))) {
            if (in == null) {
                return names;
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                String name = line.strip();
                if (!name.isEmpty() && name.charAt(0) != '#') {
                    names.add(name);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the class list " + resource(module), e);
        }
        return names;
    }

    /**
     * Loads the named classes with {@code loader}. Never throws for a class: missing and failing
     * classes are counted.
     *
     * @param module a name for the report
     * @param names  binary class names
     * @param loader the loader
     * @return what it did
     */
    public static Report preload(String module, List<String> names, ClassLoader loader) {
        long start = System.nanoTime();
        int loaded = 0;
        int initialized = 0;
        int missing = 0;
        int failed = 0;
        List<String> examples = new ArrayList<>();
        for (String name : names) {
            boolean init = initializes(name);
            try {
                Class.forName(name, init, loader);
                loaded++;
                if (init) {
                    initialized++;
                }
            } catch (ClassNotFoundException | NoClassDefFoundError e) {
                missing++;
                keep(examples, name);
            } catch (LinkageError | RuntimeException e) {
                failed++;
                keep(examples, name + " (" + e + ")");
            }
        }
        return new Report(module, names.size(), loaded, initialized, missing, failed, List.copyOf(examples),
                Duration.ofNanos(System.nanoTime() - start));
    }

    /**
     * @param name a binary class name
     * @return true when preloading also runs its static initialiser
     */
    public static boolean initializes(String name) {
        return (name.startsWith("io.lambdakit.") || name.startsWith("com.fasterxml.jackson.")) && !NOT_INITIALIZED.contains(name);
    }

    private static void keep(List<String> examples, String s) {
        if (examples.size() < MAX_NAMES_KEPT) {
            examples.add(s);
        }
    }

    @Override
    public String toString() {
        return "ClassPreloader[" + module + "]";
    }
}
