package dev.pancake.agent.instrument;

import java.util.Map;

import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

/**
 * Writes the gate into each gated method's bytecode, in front of its body:
 *
 * <pre>{@code
 * boolean active;
 * try { active = Bridge.gate(ID).enter(); } catch (Throwable internal) { Bridge.failed(internal, ID); active = false; }
 * if (!active) {
 *     return (R) Bridge.gate(ID).fallback(Owner.class, this_or_null, new Object[] {arg0, arg1, ...});
 * }
 * ... the original body, unchanged ...
 * }</pre>
 *
 * <p>The virtual call {@code enter()} is written into each method, so each gated method has its
 * own call site and type profile, which the JIT inlines. A failure inside the agent counts as
 * inactive: the fallback runs, never a feature that should be off. Exceptions thrown by the body
 * are not caught. No field or method is added, so a loaded class can be retransformed.
 *
 * <p>Plain ASM (the copy inside Byte Buddy) rather than Byte Buddy's {@code Advice}: weaving one
 * class with {@code Advice} loads about 850 Byte Buddy classes into the application's start-up;
 * this loads a few dozen.
 */
final class GateWeaver {

    private static final String BRIDGE = "dev/pancake/bridge/Bridge";
    private static final String GATE = "dev/pancake/bridge/Gate";
    private static final String GATE_OF = "(I)L" + GATE + ";";
    private static final String FAILED = "(Ljava/lang/Throwable;I)V";
    private static final String FALLBACK = "(Ljava/lang/Class;Ljava/lang/Object;[Ljava/lang/Object;)Ljava/lang/Object;";

    private GateWeaver() {}

    /**
     * @param gates the gate number of each gated method, keyed by name + descriptor
     */
    static byte[] weave(byte[] bytes, Map<String, Integer> gates) {
        ClassReader reader = new ClassReader(bytes);
        ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            private String owner;
            private boolean frames;

            @Override
            public void visit(int version, int access, String name, String signature, String superName,
                    String[] interfaces) {
                owner = name;
                frames = (version & 0xFFFF) >= Opcodes.V1_6;
                super.visit(version, access, name, signature, superName, interfaces);
            }

            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                    String[] exceptions) {
                MethodVisitor mv = super.visitMethod(access, name, descriptor, signature, exceptions);
                Integer gate = gates.get(name + descriptor);
                if (gate == null) {
                    return mv;
                }
                return new GateInjector(mv, gate, owner, access, descriptor, frames);
            }
        }, 0);
        return writer.toByteArray();
    }

    /** Emits the gate at the start of one method's code. */
    private static final class GateInjector extends MethodVisitor {
        private final int gate;
        private final String owner;
        private final boolean isStatic;
        private final Type method;
        private final boolean frames;

        GateInjector(MethodVisitor mv, int gate, String owner, int access, String descriptor, boolean frames) {
            super(Opcodes.ASM9, mv);
            this.gate = gate;
            this.owner = owner;
            this.isStatic = (access & Opcodes.ACC_STATIC) != 0;
            this.method = Type.getMethodType(descriptor);
            this.frames = frames;
        }

        @Override
        public void visitCode() {
            super.visitCode();
            Label tryStart = new Label();
            Label tryEnd = new Label();
            Label failed = new Label();
            Label inactive = new Label();
            Label body = new Label();
            mv.visitTryCatchBlock(tryStart, tryEnd, failed, "java/lang/Throwable");
            mv.visitLabel(tryStart);
            pushGate();
            mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, GATE, "enter", "()Z", false);
            mv.visitLabel(tryEnd);
            mv.visitJumpInsn(Opcodes.IFNE, body);
            mv.visitJumpInsn(Opcodes.GOTO, inactive);

            mv.visitLabel(failed);
            frame(Opcodes.F_SAME1, new Object[] {"java/lang/Throwable"});
            push(gate);
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "failed", FAILED, false);

            mv.visitLabel(inactive);
            frame(Opcodes.F_SAME, null);
            pushGate();
            mv.visitLdcInsn(Type.getObjectType(owner));
            if (isStatic) {
                mv.visitInsn(Opcodes.ACONST_NULL);
            } else {
                mv.visitVarInsn(Opcodes.ALOAD, 0);
            }
            pushArguments();
            mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, GATE, "fallback", FALLBACK, false);
            returnAs(method.getReturnType());

            mv.visitLabel(body);
            frame(Opcodes.F_SAME, null);
            // keeps the original code's first stack map frame (a loop at offset 0 has one) apart from ours
            mv.visitInsn(Opcodes.NOP);
        }

        private void frame(int kind, Object[] stack) {
            if (frames) {
                mv.visitFrame(kind, 0, null, stack == null ? 0 : stack.length, stack);
            }
        }

        private void pushGate() {
            push(gate);
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "gate", GATE_OF, false);
        }

        private void push(int value) {
            if (value >= -1 && value <= 5) {
                mv.visitInsn(Opcodes.ICONST_0 + value);
            } else if (value >= Byte.MIN_VALUE && value <= Byte.MAX_VALUE) {
                mv.visitIntInsn(Opcodes.BIPUSH, value);
            } else if (value >= Short.MIN_VALUE && value <= Short.MAX_VALUE) {
                mv.visitIntInsn(Opcodes.SIPUSH, value);
            } else {
                mv.visitLdcInsn(value);
            }
        }

        /** {@code new Object[] {arg0, arg1, ...}}, primitives boxed. */
        private void pushArguments() {
            Type[] args = method.getArgumentTypes();
            push(args.length);
            mv.visitTypeInsn(Opcodes.ANEWARRAY, "java/lang/Object");
            int slot = isStatic ? 0 : 1;
            for (int i = 0; i < args.length; i++) {
                mv.visitInsn(Opcodes.DUP);
                push(i);
                mv.visitVarInsn(args[i].getOpcode(Opcodes.ILOAD), slot);
                box(args[i]);
                mv.visitInsn(Opcodes.AASTORE);
                slot += args[i].getSize();
            }
        }

        private void box(Type t) {
            String wrapper = wrapper(t);
            if (wrapper != null) {
                mv.visitMethodInsn(Opcodes.INVOKESTATIC, wrapper, "valueOf", "(" + t.getDescriptor() + ")L" + wrapper + ";",
                        false);
            }
        }

        /** Returns the fallback's Object as the method's return type. */
        private void returnAs(Type t) {
            if (t.getSort() == Type.VOID) {
                mv.visitInsn(Opcodes.POP);
                mv.visitInsn(Opcodes.RETURN);
                return;
            }
            String wrapper = wrapper(t);
            if (wrapper != null) {
                mv.visitTypeInsn(Opcodes.CHECKCAST, wrapper);
                mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, wrapper, t.getClassName() + "Value", "()" + t.getDescriptor(),
                        false);
            } else {
                mv.visitTypeInsn(Opcodes.CHECKCAST, t.getInternalName()); // for an array, its descriptor
            }
            mv.visitInsn(t.getOpcode(Opcodes.IRETURN));
        }

        private static String wrapper(Type t) {
            switch (t.getSort()) {
                case Type.BOOLEAN: return "java/lang/Boolean";
                case Type.CHAR: return "java/lang/Character";
                case Type.BYTE: return "java/lang/Byte";
                case Type.SHORT: return "java/lang/Short";
                case Type.INT: return "java/lang/Integer";
                case Type.FLOAT: return "java/lang/Float";
                case Type.LONG: return "java/lang/Long";
                case Type.DOUBLE: return "java/lang/Double";
                default: return null;
            }
        }
    }
}
