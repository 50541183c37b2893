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
     * The names of a class list that this JDK can load. lambdakit's class lists are recorded on Java 17
     * (docs/snapstart.md), with classes javac 17 compiled, and also name the JDK classes the recorded hot path
     * loaded. On another JDK two kinds of names can be absent: JDK internals it dropped (Java 24 removed its copy of
     * ASM, {@code jdk.internal.org.objectweb.asm}), which a preload there counts as not on the class path, and, when
     * the build itself ran on that JDK, numbered classes javac 17 generates but a later javac does not (the switch
     * map of a switch over an enum, such as {@code io.lambdakit.core.TraceHeader$1}). On Java 17 the list comes back
     * as it is, so every listed class must load; on another JDK without the JDK-package names ({@code java.},
     * {@code javax.}, {@code jdk.}, {@code sun.}, {@code com.sun.}) its platform class loader cannot find and the
     * numbered ({@code Outer$1}) classes with no class file on this class path: every named lambdakit and library
     * class stays.
     *
     * @param listed the names of a class list, as {@code ClassPreloader.read(..)} returns them
     * @return the names this JDK can have, in the list's order
     */
    public static List<String> onThisJdk(List<String> listed) {
        if (Runtime.version().feature() == 17) {
            return listed;
        }
        List<String> kept = new ArrayList<>(listed.size());
        ClassLoader loader = PreloadProbe.class.getClassLoader();
        for (String name : listed) {
            boolean present = isJdkPackage(name) ? inThisJdk(name)
                    : !isNumbered(name) || loader.getResource(name.replace('.', '/') + ".class") != null;
            if (present) {
                kept.add(name);
            }
        }
        return kept;
    }

    private static boolean isNumbered(String name) {
        int dollar = name.lastIndexOf('$');
        if (dollar < 0 || dollar == name.length() - 1) {
            return false;
        }
        for (int i = dollar + 1; i < name.length(); i++) {
            if (name.charAt(i) < '0' || name.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static boolean isJdkPackage(String name) {
        return name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("jdk.") || name.startsWith("sun.")
                || name.startsWith("com.sun.");
    }

    private static boolean inThisJdk(String name) {
        try {
            Class.forName(name, false, ClassLoader.getPlatformClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /**
     * @param name a binary class name, {@code com.example.Outer$Inner}
     * @return whether this probe itself has defined that class (not its parent)
     */
    public boolean hasLoaded(String name) {
        return findLoadedClass(name) != null;
    }
}
