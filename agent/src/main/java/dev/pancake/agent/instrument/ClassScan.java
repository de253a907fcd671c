package dev.pancake.agent.instrument;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import net.bytebuddy.jar.asm.AnnotationVisitor;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * What one class file says about its methods and their {@code @Toggle} annotations, read in one
 * pass that skips all code. The annotation's values come from the class file itself (an omitted
 * {@code type} is the annotation's default, SWITCH), so the annotation class is never needed.
 */
final class ClassScan extends ClassVisitor {

    static final String TOGGLE_DESCRIPTOR = "Ldev/pancake/Toggle;";

    private static final byte[] TOGGLE_UTF8 = TOGGLE_DESCRIPTOR.getBytes(StandardCharsets.US_ASCII);

    /** A method of the class; {@code toggleName} is null when it has no {@code @Toggle}. */
    record Method(int access, String name, String descriptor, String signature, String toggleName, String toggleType) {
        boolean isStatic() {
            return (access & Opcodes.ACC_STATIC) != 0;
        }

        boolean gated() {
            return toggleName != null;
        }

        boolean hasBody() {
            return (access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) == 0;
        }

        boolean isBridgeOrSynthetic() {
            return (access & (Opcodes.ACC_BRIDGE | Opcodes.ACC_SYNTHETIC)) != 0;
        }
    }

    int version;
    String internalName;
    final List<Method> methods = new ArrayList<>();

    private ClassScan() {
        super(Opcodes.ASM9);
    }

    static ClassScan of(byte[] bytes) {
        ClassScan scan = new ClassScan();
        new ClassReader(bytes).accept(scan, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return scan;
    }

    /**
     * True when the class file's constant pool names {@code @Toggle}, found without parsing the class: a
     * class that uses the annotation must hold its descriptor as a UTF-8 constant, so only the constants'
     * tags and lengths are read, and the bytes of the few UTF-8 constants of the descriptor's length. A
     * class file too malformed to walk answers true: the parser then reports it.
     */
    static boolean namesToggle(byte[] b) {
        try {
            if (b.length < 10 || (b[0] & 0xFF) != 0xCA || (b[1] & 0xFF) != 0xFE) {
                return true;
            }
            int count = u2(b, 8);
            int p = 10;
            for (int i = 1; i < count; i++) {
                switch (b[p]) {
                    case 1 -> { // Utf8: u2 length, bytes
                        int len = u2(b, p + 1);
                        if (len == TOGGLE_UTF8.length && Arrays.equals(b, p + 3, p + 3 + len, TOGGLE_UTF8, 0, len)) {
                            return true;
                        }
                        p += 3 + len;
                    }
                    case 5, 6 -> { // Long, Double: two slots
                        p += 9;
                        i++;
                    }
                    case 3, 4, 9, 10, 11, 12, 17, 18 -> p += 5;
                    case 7, 8, 16, 19, 20 -> p += 3;
                    case 15 -> p += 4;
                    default -> {
                        return true;
                    }
                }
            }
            return false;
        } catch (ArrayIndexOutOfBoundsException e) {
            return true;
        }
    }

    private static int u2(byte[] b, int at) {
        return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
    }

    @Override
    public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
        this.version = version & 0xFFFF;
        this.internalName = name;
    }

    @Override
    public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
        if (name.startsWith("<")) {
            return null; // constructors and initialisers cannot be gated
        }
        return new MethodVisitor(Opcodes.ASM9) {
            private String toggleName;
            private String toggleType;

            @Override
            public AnnotationVisitor visitAnnotation(String annotation, boolean visible) {
                if (!TOGGLE_DESCRIPTOR.equals(annotation)) {
                    return null;
                }
                toggleType = "SWITCH";
                return new AnnotationVisitor(Opcodes.ASM9) {
                    @Override
                    public void visit(String key, Object value) {
                        if ("name".equals(key) && value instanceof String s) {
                            toggleName = s;
                        }
                    }

                    @Override
                    public void visitEnum(String key, String enumDescriptor, String value) {
                        if ("type".equals(key)) {
                            toggleType = value;
                        }
                    }
                };
            }

            @Override
            public void visitEnd() {
                methods.add(new Method(access, name, descriptor, signature, toggleName, toggleName == null ? null : toggleType));
            }
        };
    }
}
