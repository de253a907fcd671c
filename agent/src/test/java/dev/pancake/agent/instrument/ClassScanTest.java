package dev.pancake.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import dev.pancake.Toggle;

/** The constant-pool pre-filter of the transformer ({@link ClassScan#namesToggle}). */
class ClassScanTest {

    /** Annotated: its constant pool names the annotation's descriptor. */
    static final class Annotated {
        static final long BIG = 1L << 40;
        static final double HALF = 0.5;

        @Toggle(name = "X")
        String gated() {
            return "x";
        }
    }

    /** Not annotated, but the descriptor's bytes are inside a longer string constant; and long/double constants. */
    static final class Mentions {
        static final long BIG = 1L << 41;
        static final double THIRD = 1.0 / 3;

        String text() {
            return "see Ldev/pancake/Toggle; in the docs";
        }
    }

    private static byte[] bytes(Class<?> c) throws IOException {
        try (InputStream in = c.getResourceAsStream("/" + c.getName().replace('.', '/') + ".class")) {
            return in.readAllBytes();
        }
    }

    @Test
    void findsTheAnnotationInTheConstantPool() throws IOException {
        assertTrue(ClassScan.namesToggle(bytes(Annotated.class)));
        assertTrue(ClassScan.namesToggle(bytes(dev.pancake.fixture.Shop.class)));
    }

    @Test
    void aClassThatDoesNotUseTheAnnotationIsNotParsed() throws IOException {
        assertFalse(ClassScan.namesToggle(bytes(Mentions.class)));
        assertFalse(ClassScan.namesToggle(bytes(String.class)));
        assertFalse(ClassScan.namesToggle(bytes(org.junit.jupiter.api.Assertions.class)));
    }

    @Test
    void agreesWithTheParserOnEveryMethodOfTheAnnotatedClass() throws IOException {
        byte[] b = bytes(Annotated.class);
        assertTrue(ClassScan.of(b).methods.stream().anyMatch(ClassScan.Method::gated));
        assertArrayEquals(b, bytes(Annotated.class), "the walk does not change the bytes");
    }

    @Test
    void aMalformedClassFileGoesToTheParser() throws IOException {
        byte[] b = bytes(Mentions.class);
        assertTrue(ClassScan.namesToggle(Arrays.copyOf(b, 40)), "truncated");
        assertTrue(ClassScan.namesToggle(new byte[] {1, 2, 3}), "not a class file");
        byte[] badTag = b.clone();
        badTag[10] = 99;
        assertTrue(ClassScan.namesToggle(badTag), "unknown constant tag");
    }
}
