package dev.pancake.agent.instrument;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.pancake.agent.engine.MethodInfo;
import dev.pancake.agent.engine.TypeInfo;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.FieldVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;
import net.bytebuddy.jar.asm.signature.SignatureReader;
import net.bytebuddy.jar.asm.signature.SignatureVisitor;

/**
 * Describes types for the engine's fallback planning from class files read through the
 * application's class loader, never by loading classes (a transformer must not load the classes
 * it is asked about). Only class headers are read: supertypes, enum constants and whether there
 * is a public no-arg constructor.
 */
final class TypeResolver {

    /** The parts of a class file's header that fallbacks need. */
    private record Header(int access, String superName, String[] interfaces, List<String> constants, boolean newable) {}

    private final ClassLoader loader;
    private final Map<String, Header> headers = new HashMap<>();
    private final Map<String, TypeInfo> types = new HashMap<>();

    TypeResolver(ClassLoader loader) {
        this.loader = loader;
    }

    /**
     * The gated method, with the methods a {@code call} fallback may name: those its class
     * declares, then the non-private ones it inherits from its superclasses (below Object), each
     * signature once (the most specific declaration wins, as a virtual call would pick it).
     */
    MethodInfo method(String owner, ClassScan.Method m, List<ClassScan.Method> declared) {
        List<MethodInfo> siblings = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        seen.add(m.name() + m.descriptor());
        String type = owner;
        List<ClassScan.Method> methods = declared;
        for (int depth = 0; type != null && !"java/lang/Object".equals(type) && depth < 50; depth++) {
            for (ClassScan.Method s : methods) {
                boolean visible = type.equals(owner) || (s.access() & (Opcodes.ACC_PUBLIC | Opcodes.ACC_PROTECTED)) != 0
                        || (s.access() & Opcodes.ACC_PRIVATE) == 0 && samePackage(type, owner);
                if (!s.isBridgeOrSynthetic() && visible && seen.add(s.name() + s.descriptor())) {
                    siblings.add(describe(type, s, List.of()));
                }
            }
            Header h = header(type);
            type = h == null ? null : h.superName;
            ClassScan superScan = type == null ? null : scan(type);
            if (superScan == null) {
                break;
            }
            methods = superScan.methods;
        }
        return describe(owner, m, List.copyOf(siblings));
    }

    private static boolean samePackage(String a, String b) {
        return a.substring(0, Math.max(0, a.lastIndexOf('/'))).equals(b.substring(0, Math.max(0, b.lastIndexOf('/'))));
    }

    /** The methods of a class, read from its class file; null when it cannot be read. */
    private ClassScan scan(String internalName) {
        byte[] bytes = bytes(internalName);
        try {
            return bytes == null ? null : ClassScan.of(bytes);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private MethodInfo describe(String owner, ClassScan.Method m, List<MethodInfo> siblings) {
        Type type = Type.getMethodType(m.descriptor());
        List<String> params = new ArrayList<>();
        for (Type p : type.getArgumentTypes()) {
            params.add(p.getClassName());
        }
        return new MethodInfo(owner.replace('/', '.'), m.name(), m.descriptor(), m.isStatic(), List.copyOf(params),
                type(type.getReturnType(), returnTypeArgument(m.signature())), siblings);
    }

    TypeInfo type(Type t, String typeArgument) {
        switch (t.getSort()) {
            case Type.VOID:
                return TypeInfo.VOID;
            case Type.ARRAY: {
                Type element = t.getElementType();
                TypeInfo info = type(element, null);
                for (int d = 0; d < t.getDimensions(); d++) {
                    info = new TypeInfo(info.name() + "[]", TypeInfo.Sort.ARRAY, info, List.of(), false, Set.of());
                }
                return info;
            }
            case Type.OBJECT: {
                // not computeIfAbsent with a method reference: every gated class would pass here, and
                // a lambda class the JVM spins stays in the application's memory
                TypeInfo base = types.get(t.getInternalName());
                if (base == null) {
                    base = reference(t.getInternalName());
                    types.put(t.getInternalName(), base);
                }
                if (typeArgument == null) {
                    return base;
                }
                return new TypeInfo(base.name(), base.sort(), type(Type.getObjectType(typeArgument), null),
                        base.constants(), base.newable(), base.supertypes());
            }
            default:
                return TypeInfo.primitive(t.getClassName());
        }
    }

    private TypeInfo reference(String internalName) {
        Header h = header(internalName);
        Set<String> supers = new LinkedHashSet<>();
        collect(internalName, supers, 0);
        boolean isEnum = h != null && (h.access & Opcodes.ACC_ENUM) != 0;
        return new TypeInfo(internalName.replace('/', '.'), isEnum ? TypeInfo.Sort.ENUM : TypeInfo.Sort.REFERENCE, null,
                h == null ? List.of() : h.constants, h != null && h.newable, Set.copyOf(supers));
    }

    private void collect(String internalName, Set<String> into, int depth) {
        Header h = header(internalName);
        if (h == null || depth > 50) {
            return;
        }
        if (h.superName != null && into.add(h.superName.replace('/', '.'))) {
            collect(h.superName, into, depth + 1);
        }
        for (String i : h.interfaces) {
            if (into.add(i.replace('/', '.'))) {
                collect(i, into, depth + 1);
            }
        }
    }

    /** The header of a class, or null when its class file cannot be found or read. */
    private Header header(String internalName) {
        if (headers.containsKey(internalName)) {
            return headers.get(internalName);
        }
        Header h = null;
        byte[] bytes = bytes(internalName);
        try {
            h = bytes == null ? null : read(bytes);
        } catch (RuntimeException e) {
            h = null; // an unreadable type is treated as an opaque reference type
        }
        headers.put(internalName, h);
        return h;
    }

    private byte[] bytes(String internalName) {
        String resource = internalName + ".class";
        try (InputStream in = loader != null ? loader.getResourceAsStream(resource)
                : ClassLoader.getSystemResourceAsStream(resource)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static Header read(byte[] bytes) {
        int[] access = new int[1];
        String[] superName = new String[1];
        String[][] interfaces = new String[1][];
        List<String> constants = new ArrayList<>();
        boolean[] newable = new boolean[1];
        new ClassReader(bytes).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public void visit(int version, int acc, String name, String signature, String sup, String[] ifaces) {
                access[0] = acc;
                superName[0] = sup;
                interfaces[0] = ifaces == null ? new String[0] : ifaces;
            }

            @Override
            public FieldVisitor visitField(int acc, String name, String descriptor, String signature, Object value) {
                if ((acc & Opcodes.ACC_ENUM) != 0) {
                    constants.add(name);
                }
                return null;
            }

            @Override
            public MethodVisitor visitMethod(int acc, String name, String descriptor, String signature, String[] ex) {
                if ("<init>".equals(name) && "()V".equals(descriptor) && (acc & Opcodes.ACC_PUBLIC) != 0) {
                    newable[0] = true;
                }
                return null;
            }
        }, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        boolean concrete = (access[0] & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_INTERFACE)) == 0;
        return new Header(access[0], superName[0], interfaces[0], List.copyOf(constants), concrete && newable[0]);
    }

    /** The internal name of the return type's first type argument (Optional&lt;Integer&gt;), or null. */
    static String returnTypeArgument(String signature) {
        if (signature == null) {
            return null;
        }
        String[] found = new String[1];
        new SignatureReader(signature).accept(new SignatureVisitor(Opcodes.ASM9) {
            @Override
            public SignatureVisitor visitReturnType() {
                return new SignatureVisitor(Opcodes.ASM9) {
                    private int depth;

                    @Override
                    public void visitClassType(String name) {
                        depth++;
                    }

                    @Override
                    public SignatureVisitor visitTypeArgument(char wildcard) {
                        if (depth != 1 || found[0] != null || wildcard != SignatureVisitor.INSTANCEOF) {
                            return new SignatureVisitor(Opcodes.ASM9) { };
                        }
                        return new SignatureVisitor(Opcodes.ASM9) {
                            @Override
                            public void visitClassType(String name) {
                                if (found[0] == null) {
                                    found[0] = name;
                                }
                            }

                            @Override
                            public SignatureVisitor visitTypeArgument(char w) {
                                return new SignatureVisitor(Opcodes.ASM9) { };
                            }
                        };
                    }
                };
            }
        });
        return found[0];
    }
}
