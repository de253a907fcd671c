package dev.pancake.bench;

import java.nio.file.Files;
import java.nio.file.Path;

import dev.pancake.testkit.ForkedJvm;

/** A JDK that benchmarks run on, named by its feature version ("17", "25"). */
public record Jdk(String name, Path home) {

    public static Jdk at(Path home) {
        if (!Files.isExecutable(home.resolve("bin/java"))) {
            throw new IllegalArgumentException("no JDK at " + home + " (expected " + home.resolve("bin/java") + ")");
        }
        return new Jdk(String.valueOf(ForkedJvm.javaFeatureVersion(home)), home);
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
