package dev.pancake.agent.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.pancake.agent.log.Log;

class MicrometerMetersTest {

    private final ByteArrayOutputStream log = new ByteArrayOutputStream();

    @BeforeEach
    void captureLog() {
        Log.redirect(new PrintStream(log, true, StandardCharsets.UTF_8), Log.Level.INFO);
    }

    @AfterEach
    void restoreLog() {
        Log.redirect(System.err, Log.Level.INFO);
    }

    private String logged() {
        return log.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aLoaderWithoutMicrometerHasNoRegistryAndNothingIsLogged() {
        assertNull(MicrometerMeters.globalRegistry(new ClassLoader(null) {}));
        assertEquals("", logged());
    }

    @Test
    void aLoaderThatFailsWhenAskedIsNoWarning() {
        // what a webapp's URLClassLoader does once its undeployment has closed its jars
        ClassLoader closed = new ClassLoader(null) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) {
                throw new IllegalStateException("zip file closed");
            }
        };
        assertNull(MicrometerMeters.globalRegistry(closed));
        assertEquals("", logged());
    }

    @Test
    void aMicrometerThatCannotBeLoadedIsReportedOnce() {
        ClassLoader broken = new ClassLoader(null) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                if (name.startsWith("io.micrometer.")) {
                    throw new NoClassDefFoundError("io/micrometer/common/util/internal/logging/InternalLogger");
                }
                return super.loadClass(name, resolve);
            }
        };
        assertNull(MicrometerMeters.globalRegistry(broken));
        assertNull(MicrometerMeters.globalRegistry(broken));
        String out = logged();
        assertTrue(out.contains("WARN Micrometer: cannot load Metrics: java.lang.NoClassDefFoundError"), out);
        assertEquals(out.indexOf("Micrometer"), out.lastIndexOf("Micrometer"), "reported once: " + out);
    }
}
