package dev.pancake.bench.startup;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import dev.pancake.Toggle;

/**
 * Writes the application of the start-up benchmark: a jar with {@code classes} small classes ({@code gen.pNN.CNNNNN},
 * each with a constructor, a static {@code value()} and a {@code toString()}), a {@code gen.Main} that loads and
 * initialises every one of them by calling {@code value()}, then calls the gated {@code gen.Gated#checkout()} once and
 * prints the sum and the gated answer, and the pancake-annotations classes, as an application's fat jar holds them.
 */
final class StartupApp {

    static final String FLAG = "STARTUP_SWITCH";
    private static final int PER_PACKAGE = 100;
    private static final int PER_LOADER_METHOD = 500;

    private StartupApp() {}

    /** The expected sum of every class's {@code value()}. */
    static long expectedSum(int classes) {
        return (long) classes * (classes - 1) / 2;
    }

    static void write(Path jar, int classes) {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "gen.Main");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            for (int i = 0; i < classes; i++) {
                put(out, className(i), smallClass(i));
            }
            put(out, "gen/Gated", gated());
            put(out, "gen/Main", main(classes));
            copyAnnotations(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + jar, e);
        }
    }

    private static String className(int i) {
        return String.format("gen/p%02d/C%05d", i / PER_PACKAGE, i);
    }

    private static void put(JarOutputStream out, String internalName, byte[] bytes) throws IOException {
        out.putNextEntry(new JarEntry(internalName + ".class"));
        out.write(bytes);
        out.closeEntry();
    }

    private static byte[] smallClass(int i) {
        String name = className(i);
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        cw.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL | Opcodes.ACC_SUPER, name, null,
                "java/lang/Object", null);
        constructor(cw);
        MethodVisitor value = cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "value", "()I", null, null);
        value.visitCode();
        value.visitLdcInsn(i);
        value.visitInsn(Opcodes.IRETURN);
        value.visitMaxs(0, 0);
        value.visitEnd();
        MethodVisitor str = cw.visitMethod(Opcodes.ACC_PUBLIC, "toString", "()Ljava/lang/String;", null, null);
        str.visitCode();
        str.visitLdcInsn(name);
        str.visitInsn(Opcodes.ARETURN);
        str.visitMaxs(0, 0);
        str.visitEnd();
        cw.visitEnd();
        return cw.toByteArray();
    }

    /** {@code public class Gated { @Toggle(name = FLAG) public int checkout() { return 1; } }} */
    private static byte[] gated() {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        cw.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER, "gen/Gated", null, "java/lang/Object", null);
        constructor(cw);
        MethodVisitor m = cw.visitMethod(Opcodes.ACC_PUBLIC, "checkout", "()I", null, null);
        AnnotationVisitor toggle = m.visitAnnotation("Ldev/pancake/Toggle;", true);
        toggle.visit("name", FLAG);
        toggle.visitEnd();
        m.visitCode();
        m.visitInsn(Opcodes.ICONST_1);
        m.visitInsn(Opcodes.IRETURN);
        m.visitMaxs(0, 0);
        m.visitEnd();
        cw.visitEnd();
        return cw.toByteArray();
    }

    /**
     * {@code main} sums {@code value()} of every class (loading and initialising each), then prints the sum and
     * {@code new Gated().checkout()} on two lines. The calls are spread over methods of {@value #PER_LOADER_METHOD}.
     */
    private static byte[] main(int classes) {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        cw.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL | Opcodes.ACC_SUPER, "gen/Main", null,
                "java/lang/Object", null);
        int loaders = (classes + PER_LOADER_METHOD - 1) / PER_LOADER_METHOD;
        for (int l = 0; l < loaders; l++) {
            MethodVisitor m = cw.visitMethod(Opcodes.ACC_STATIC, "load" + l, "()J", null, null);
            m.visitCode();
            m.visitInsn(Opcodes.LCONST_0);
            for (int i = l * PER_LOADER_METHOD; i < Math.min(classes, (l + 1) * PER_LOADER_METHOD); i++) {
                m.visitMethodInsn(Opcodes.INVOKESTATIC, className(i), "value", "()I", false);
                m.visitInsn(Opcodes.I2L);
                m.visitInsn(Opcodes.LADD);
            }
            m.visitInsn(Opcodes.LRETURN);
            m.visitMaxs(0, 0);
            m.visitEnd();
        }
        MethodVisitor m = cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "main", "([Ljava/lang/String;)V",
                null, null);
        m.visitCode();
        m.visitInsn(Opcodes.LCONST_0);
        for (int l = 0; l < loaders; l++) {
            m.visitMethodInsn(Opcodes.INVOKESTATIC, "gen/Main", "load" + l, "()J", false);
            m.visitInsn(Opcodes.LADD);
        }
        m.visitVarInsn(Opcodes.LSTORE, 1);
        m.visitFieldInsn(Opcodes.GETSTATIC, "java/lang/System", "out", "Ljava/io/PrintStream;");
        m.visitVarInsn(Opcodes.LLOAD, 1);
        m.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/io/PrintStream", "println", "(J)V", false);
        m.visitFieldInsn(Opcodes.GETSTATIC, "java/lang/System", "out", "Ljava/io/PrintStream;");
        m.visitTypeInsn(Opcodes.NEW, "gen/Gated");
        m.visitInsn(Opcodes.DUP);
        m.visitMethodInsn(Opcodes.INVOKESPECIAL, "gen/Gated", "<init>", "()V", false);
        m.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "gen/Gated", "checkout", "()I", false);
        m.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/io/PrintStream", "println", "(I)V", false);
        m.visitInsn(Opcodes.RETURN);
        m.visitMaxs(0, 0);
        m.visitEnd();
        cw.visitEnd();
        return cw.toByteArray();
    }

    private static void constructor(ClassWriter cw) {
        MethodVisitor init = cw.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "()V", null, null);
        init.visitCode();
        init.visitVarInsn(Opcodes.ALOAD, 0);
        init.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
        init.visitInsn(Opcodes.RETURN);
        init.visitMaxs(0, 0);
        init.visitEnd();
    }

    /** The classes of package {@code dev.pancake} (pancake-annotations), from the jar or folder that holds Toggle. */
    private static void copyAnnotations(JarOutputStream out) throws IOException {
        Path source;
        try {
            source = Path.of(Toggle.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        if (Files.isDirectory(source)) {
            try (var files = Files.list(source.resolve("dev/pancake"))) {
                for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".class"))::iterator) {
                    put(out, "dev/pancake/" + f.getFileName().toString().replace(".class", ""), Files.readAllBytes(f));
                }
            }
            return;
        }
        try (JarFile jar = new JarFile(source.toFile())) {
            for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements();) {
                JarEntry entry = e.nextElement();
                String name = entry.getName();
                if (name.startsWith("dev/pancake/") && name.endsWith(".class") && name.indexOf('/', 12) < 0) {
                    out.putNextEntry(new JarEntry(name));
                    try (InputStream in = jar.getInputStream(entry)) {
                        in.transferTo(out);
                    }
                    out.closeEntry();
                }
            }
        }
    }
}
