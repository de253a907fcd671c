package dev.pancake.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * The redis-server binary that {@code com.github.codemonstur:embedded-redis} ships inside its jar, extracted once per
 * JVM into a temp dir. We run it ourselves rather than through the library's API, which needs Jedis 3 and offers
 * neither SIGSTOP nor a restart on the same port.
 */
final class EmbeddedRedisBinary {
    private static Path extracted;

    private EmbeddedRedisBinary() {
    }

    /** The extracted, executable binary for this OS and CPU. */
    static synchronized Path path() {
        if (extracted == null) {
            String resource = resourceName(System.getProperty("os.name"), System.getProperty("os.arch"));
            try (InputStream in = EmbeddedRedisBinary.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("the class path has no " + resource
                            + " (it comes with com.github.codemonstur:embedded-redis 1.4.x)");
                }
                Path binary = Reaper.tempDirectory("pancake-embedded-redis-").resolve(resource);
                Files.copy(in, binary, StandardCopyOption.REPLACE_EXISTING);
                if (!binary.toFile().setExecutable(true, true)) {
                    throw new IllegalStateException("cannot make " + binary + " executable");
                }
                extracted = binary;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot extract " + resource + " from the embedded-redis jar", e);
            }
        }
        return extracted;
    }

    /** The name of the binary inside embedded-redis 1.4.3 for an {@code os.name} and {@code os.arch}. */
    static String resourceName(String osName, String osArch) {
        String os = osName.toLowerCase(Locale.ROOT);
        String arch = osArch.toLowerCase(Locale.ROOT);
        boolean x64 = arch.equals("amd64") || arch.equals("x86_64");
        boolean arm64 = arch.equals("aarch64") || arch.equals("arm64");
        boolean x86 = arch.equals("x86") || arch.equals("i386") || arch.equals("i686");
        if (os.contains("linux") && x64) {
            return "redis-server-6.2.6-v5-linux-amd64";
        } else if (os.contains("linux") && arm64) {
            return "redis-server-6.2.7-linux-arm64";
        } else if (os.contains("linux") && x86) {
            return "redis-server-6.2.7-linux-386";
        } else if (os.contains("mac") && x64) {
            return "redis-server-6.2.6-v5-darwin-amd64";
        } else if (os.contains("mac") && arm64) {
            return "redis-server-6.2.6-v5-darwin-arm64";
        }
        throw new IllegalStateException("embedded-redis ships no Redis binary for " + osName + "/" + osArch);
    }
}
