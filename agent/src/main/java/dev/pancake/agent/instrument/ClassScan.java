package dev.pancake.agent.instrument;

import java.util.ArrayList;
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
