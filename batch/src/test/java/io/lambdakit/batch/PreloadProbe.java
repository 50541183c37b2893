package io.lambdakit.batch;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;

/**
 * A fresh class loader over the code sources of the given classes (and nothing of the test's own
 * loader), which can tell whether it has loaded a class: priming must load classes, not find them
 * already loaded.
 */
final class PreloadProbe extends URLClassLoader {

    PreloadProbe(Class<?>... anchors) {
        super(urls(anchors), ClassLoader.getPlatformClassLoader());
    }

    /** @return a probe over this test JVM's whole class path (every jar the module's tests see) */
    static PreloadProbe ofClassPath() throws java.net.MalformedURLException {
        List<URL> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            urls.add(java.nio.file.Paths.get(entry).toUri().toURL());
        }
        return new PreloadProbe(urls.toArray(new URL[0]));
    }

    private PreloadProbe(URL[] urls) {
        super(urls, ClassLoader.getPlatformClassLoader());
    }

    boolean hasLoaded(String name) {
        return findLoadedClass(name) != null;
    }

    private static URL[] urls(Class<?>... anchors) {
        List<URL> urls = new ArrayList<>();
        for (Class<?> a : anchors) {
            URL u = a.getProtectionDomain().getCodeSource().getLocation();
            if (!urls.contains(u)) {
                urls.add(u);
            }
        }
        return urls.toArray(new URL[0]);
    }
}
