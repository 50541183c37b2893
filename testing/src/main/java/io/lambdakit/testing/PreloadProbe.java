package io.lambdakit.testing;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * A fresh class loader that can tell whether it has loaded a class: the way to test a SnapStart class
 * list (priming must load classes, and a class the test's own loader loaded long ago proves nothing).
 * Its parent is the platform class loader, so it sees none of the test's classes, only the code
 * sources it was created over.
 *
 * <pre>{@code
 * try (PreloadProbe probe = PreloadProbe.ofClassPath()) {
 *     Class.forName("com.example.OrderHandler", true, probe);
 *     assertThat(probe.hasLoaded("com.example.OrderCodec")).isTrue();
 * }
 * }</pre>
 */
public final class PreloadProbe extends URLClassLoader {

    static {
        registerAsParallelCapable();
    }

    private PreloadProbe(URL[] urls) {
        super(urls, ClassLoader.getPlatformClassLoader());
    }

    /**
     * A probe over the code sources (jars or class directories) of the given classes.
     *
     * @param anchors one class from each code source the probe may load from
     * @return a new probe; close it when done
     */
    public static PreloadProbe of(Class<?>... anchors) {
        List<URL> urls = new ArrayList<>();
        for (Class<?> a : anchors) {
            URL u = a.getProtectionDomain().getCodeSource().getLocation();
            if (!urls.contains(u)) {
                urls.add(u);
            }
        }
        return new PreloadProbe(urls.toArray(new URL[0]));
    }

    /**
     * A probe over this JVM's whole class path ({@code java.class.path}): every jar and class directory
     * the tests see.
     *
     * @return a new probe; close it when done
     */
    public static PreloadProbe ofClassPath() {
        List<URL> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (entry.isEmpty()) {
                continue;
            }
            try {
                urls.add(Paths.get(entry).toUri().toURL());
            } catch (MalformedURLException e) {
                throw new LocalFunctionException("the class path entry '" + entry + "' is not a valid path: " + e, e);
            }
        }
        return new PreloadProbe(urls.toArray(new URL[0]));
    }

    /**
     * @param name a binary class name, {@code com.example.Outer$Inner}
     * @return whether this probe itself has defined that class (not its parent)
     */
    public boolean hasLoaded(String name) {
        return findLoadedClass(name) != null;
    }
}
