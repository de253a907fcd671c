package dev.pancake.agent.instrument;

import java.util.ArrayList;
import java.util.HashMap;
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
            for (MethodDescription.InDefinedShape s : owner.getDeclaredMethods()) {
                if (s.isMethod() && !s.isBridge() && !s.equals(m.asDefined())) {
                    siblings.add(method(owner, s, false));
                }
            }
        }
        return new MethodInfo(owner.getName(), m.getInternalName(), m.getDescriptor(), m.isStatic(), List.copyOf(params),
                type(m.getReturnType()), List.copyOf(siblings));
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
