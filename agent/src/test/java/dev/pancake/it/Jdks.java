package dev.pancake.it;

import java.nio.file.Path;
import java.util.stream.Stream;

import dev.pancake.testkit.ForkedJvm;

/** The JDKs that the forked-JVM tests run on (Java 17 and 25 in .ci/run), for {@code @MethodSource}. */
final class Jdks {

    private Jdks() {}

    static Stream<Path> all() {
        return ForkedJvm.jdks().stream();
    }
}
