package dev.pancake.bench;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import dev.pancake.testkit.ForkedJvm;

/** A JDK that benchmarks run on, named by its feature version ("17", "25"). */
public record Jdk(String name, Path home) {

    public static Jdk at(Path home) {
        if (!Files.isExecutable(home.resolve("bin/java"))) {
            throw new IllegalArgumentException("no JDK at " + home + " (expected " + home.resolve("bin/java") + ")");
        }
        return new Jdk(String.valueOf(ForkedJvm.javaFeatureVersion(home)), home);
    }

    /** The class path of this JVM, for the benchmark JVMs it forks (they run the same jar). */
    public static Path[] benchClassPath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(p -> Path.of(p).toAbsolutePath()).toArray(Path[]::new);
    }

    public Path java() {
        return home.resolve("bin/java");
    }

    public int feature() {
        return Integer.parseInt(name);
    }

    @Override
    public String toString() {
        return "Java " + name;
    }
}
