package dev.pancake.agent.instrument;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.pancake.agent.engine.MethodInfo;
import dev.pancake.agent.engine.TypeInfo;
import net.bytebuddy.description.field.FieldDescription;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDefinition;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.description.type.TypeList;

/** Describes methods and types for the engine (which knows nothing of Byte Buddy). */
final class Shapes {

    private final Map<String, TypeInfo> cache = new HashMap<>();

    MethodInfo method(TypeDescription owner, MethodDescription m, boolean withSiblings) {
        List<String> params = new ArrayList<>();
        for (TypeDescription p : m.getParameters().asTypeList().asErasures()) {
            params.add(name(p));
        }
        List<MethodInfo> siblings = new ArrayList<>();
        if (withSiblings) {
            siblings(owner, m, siblings);
        }
        return new MethodInfo(owner.getName(), m.getInternalName(), m.getDescriptor(), m.isStatic(), List.copyOf(params),
                type(m.getReturnType()), List.copyOf(siblings));
    }

    /**
     * The methods a {@code call} fallback may name: those declared by the gated method's class,
     * then the non-private ones it inherits from its superclasses (below Object), each signature
     * once (the most specific declaration wins, as a virtual call would pick it).
     */
    private void siblings(TypeDescription owner, MethodDescription gated, List<MethodInfo> into) {
        Set<String> seen = new HashSet<>();
        seen.add(gated.getInternalName() + gated.getDescriptor());
        TypeDescription type = owner;
        try {
            while (type != null && !type.represents(Object.class)) {
                for (MethodDescription.InDefinedShape s : type.getDeclaredMethods()) {
                    boolean visible = type == owner || s.isPublic() || s.isProtected()
                            || !s.isPrivate() && samePackage(type, owner);
                    if (s.isMethod() && !s.isBridge() && !s.isSynthetic() && visible
                            && seen.add(s.getInternalName() + s.getDescriptor())) {
                        into.add(method(type, s, false));
                    }
                }
                TypeDescription.Generic parent = type.getSuperClass();
                type = parent == null ? null : parent.asErasure();
            }
        } catch (RuntimeException e) {
            // a superclass the pool cannot read: the methods found so far are all we offer
        }
    }

    private static boolean samePackage(TypeDescription a, TypeDescription b) {
        String pa = a.getName().substring(0, Math.max(0, a.getName().lastIndexOf('.')));
        String pb = b.getName().substring(0, Math.max(0, b.getName().lastIndexOf('.')));
        return pa.equals(pb);
    }

    TypeInfo type(TypeDescription.Generic generic) {
        TypeDescription erasure = generic.asErasure();
        if (erasure.represents(void.class)) {
            return TypeInfo.VOID;
        }
        if (erasure.isPrimitive()) {
            return TypeInfo.primitive(erasure.getName());
        }
        if (erasure.isArray()) {
            TypeInfo component = type(erasure.getComponentType().asGenericType());
            return new TypeInfo(component.name() + "[]", TypeInfo.Sort.ARRAY, component, List.of(), false, Set.of());
        }
        TypeInfo argument = null;
        if (generic.getSort() == TypeDefinition.Sort.PARAMETERIZED) {
            TypeList.Generic args = generic.getTypeArguments();
            if (!args.isEmpty()) {
                TypeDescription.Generic a = args.get(0);
                if (a.getSort() == TypeDefinition.Sort.NON_GENERIC || a.getSort() == TypeDefinition.Sort.PARAMETERIZED) {
                    argument = type(a);
                }
            }
        }
        TypeInfo base = cache.computeIfAbsent(erasure.getName(), n -> describe(erasure));
        return argument == null ? base
                : new TypeInfo(base.name(), base.sort(), argument, base.constants(), base.newable(), base.supertypes());
    }

    private TypeInfo describe(TypeDescription t) {
        Set<String> supers = new LinkedHashSet<>();
        boolean newable = false;
        List<String> constants = new ArrayList<>();
        try {
            collect(t, supers);
            newable = !t.isAbstract() && !t.isInterface()
                    && t.getDeclaredMethods().stream().anyMatch(m -> m.isConstructor() && m.isPublic()
                            && m.getParameters().isEmpty());
            if (t.isEnum()) {
                for (FieldDescription.InDefinedShape f : t.getDeclaredFields()) {
                    if (f.isEnum()) {
                        constants.add(f.getName());
                    }
                }
            }
        } catch (RuntimeException e) {
            // a type the pool cannot resolve: treat it as an opaque reference type
        }
        return new TypeInfo(t.getName(), t.isEnum() ? TypeInfo.Sort.ENUM : TypeInfo.Sort.REFERENCE, null,
                List.copyOf(constants), newable, Set.copyOf(supers));
    }

    private static void collect(TypeDescription t, Set<String> into) {
        TypeDescription.Generic superClass = t.getSuperClass();
        if (superClass != null) {
            TypeDescription s = superClass.asErasure();
            if (into.add(s.getName())) {
                collect(s, into);
            }
        }
        for (TypeDescription i : t.getInterfaces().asErasures()) {
            if (into.add(i.getName())) {
                collect(i, into);
            }
        }
    }

    private String name(TypeDescription t) {
        return t.isArray() ? name(t.getComponentType()) + "[]" : t.getName();
    }
}
