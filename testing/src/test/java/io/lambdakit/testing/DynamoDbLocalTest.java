package io.lambdakit.testing;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

class DynamoDbLocalTest {

    @Test
    void start_withoutDynamoDbLocalOnTheClassPath_throwsNamingTheCoordinate() throws Exception {
        List<URL> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.isEmpty() && !entry.contains("DynamoDBLocal")) {
                urls.add(Paths.get(entry).toUri().toURL());
            }
        }
        try (URLClassLoader withoutDynamoDbLocal = new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader())) {
            Class<?> launcher = Class.forName(DynamoDbLocal.class.getName(), true, withoutDynamoDbLocal);

            Throwable thrown = catchThrowable(() -> launcher.getMethod("start").invoke(null));

            assertThat(thrown).isInstanceOf(InvocationTargetException.class);
            Throwable cause = thrown.getCause();
            assertThat(cause.getClass().getName()).isEqualTo(LocalFunctionException.class.getName());
            assertThat(cause.getMessage()).contains("com.amazonaws:DynamoDBLocal").contains("test scope");
        }
    }
}
