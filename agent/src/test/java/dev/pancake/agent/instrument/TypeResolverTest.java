package dev.pancake.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.pancake.agent.engine.MethodInfo;
import dev.pancake.agent.engine.TypeInfo;
import net.bytebuddy.jar.asm.Type;

/**
 * Types described for fallback planning from class files read through a class loader: the loader
 * used here serves class files but refuses to load any class, as a transformer must never load
 * the classes it is asked about.
 */
class TypeResolverTest {

    /** Serves the test classes' class files as resources; loading a class through it fails the test. */
    private static final class ClassFilesOnly extends ClassLoader {
        ClassFilesOnly() {
            super(null);
        }

        @Override
        public InputStream getResourceAsStream(String name) {
            return TypeResolverTest.class.getClassLoader().getResourceAsStream(name);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) {
            throw new AssertionError("the resolver loaded the class " + name);
        }
    }

    private final TypeResolver resolver = new TypeResolver(new ClassFilesOnly());

    private TypeInfo type(Class<?> c) {
        return resolver.type(Type.getType(c), null);
    }

    private static String name(Class<?> c) {
        return c.getName();
    }

    @Test
    void supertypesAreEveryClassAndInterfaceAboveTheType() {
        TypeInfo square = type(ResolverShapes.Square.class);
        assertEquals(TypeInfo.Sort.REFERENCE, square.sort());
        assertEquals(name(ResolverShapes.Square.class), square.name());
        assertEquals(Set.of(name(ResolverShapes.Base.class), name(ResolverShapes.Shape.class),
                name(ResolverShapes.Named.class), "java.io.Serializable", "java.lang.Object"), square.supertypes());
    }

    @Test
    void aTypeAcceptsItsSubtypesButNotItsSupertypes() {
        TypeInfo shape = type(ResolverShapes.Shape.class);
        TypeInfo square = type(ResolverShapes.Square.class);
        assertTrue(shape.accepts(square));
        assertFalse(square.accepts(shape));
    }

    @Test
    void anEnumHasItsConstantsInDeclarationOrderAndNoOtherFields() {
        TypeInfo color = type(ResolverShapes.Color.class);
        assertEquals(TypeInfo.Sort.ENUM, color.sort());
        assertEquals(List.of("RED", "GREEN", "BLUE"), color.constants());
        assertTrue(color.supertypes().contains("java.lang.Enum"), color.supertypes().toString());
    }

    @Test
    void aConcreteClassWithAPublicNoArgConstructorIsNewable() {
        assertTrue(type(ResolverShapes.Square.class).newable());
    }

    @Test
    void aPrivateConstructorAnArgumentOrAnAbstractClassIsNotNewable() {
        assertFalse(type(ResolverShapes.Hidden.class).newable(), "private constructor");
        assertFalse(type(ResolverShapes.NeedsArgument.class).newable(), "constructor with an argument");
        assertFalse(type(ResolverShapes.Base.class).newable(), "abstract, though it has a public no-arg constructor");
        assertFalse(type(ResolverShapes.Shape.class).newable(), "interface");
    }

    @Test
    void aJdkTypeIsReadFromItsClassFileToo() {
        TypeInfo list = resolver.type(Type.getType(java.util.ArrayList.class), null);
        assertTrue(list.newable());
        assertTrue(list.isA("java.util.List"), list.supertypes().toString());
        assertTrue(list.isA("java.util.Collection"), list.supertypes().toString());
    }

    @Test
    void aTypeWithoutAClassFileIsAnOpaqueReference() {
        TypeInfo missing = resolver.type(Type.getObjectType("com/example/Missing"), null);
        assertEquals("com.example.Missing", missing.name());
        assertEquals(TypeInfo.Sort.REFERENCE, missing.sort());
        assertEquals(Set.of(), missing.supertypes());
        assertFalse(missing.newable());
    }

    @Test
    void primitivesAndVoidAreDescribedWithoutAnyClassFile() {
        TypeResolver nothing = new TypeResolver(new ClassLoader(null) {
            @Override
            public InputStream getResourceAsStream(String name) {
                throw new AssertionError("read " + name);
            }
        });
        assertEquals(TypeInfo.primitive("int"), nothing.type(Type.INT_TYPE, null));
        assertEquals(TypeInfo.VOID, nothing.type(Type.VOID_TYPE, null));
    }

    @Test
    void anArrayHasItsElementTypeOnceForEachDimension() {
        TypeInfo colors = type(ResolverShapes.Color[][].class);
        assertEquals(name(ResolverShapes.Color.class) + "[][]", colors.name());
        assertEquals(TypeInfo.Sort.ARRAY, colors.sort());
        assertEquals(TypeInfo.Sort.ARRAY, colors.element().sort());
        assertEquals(List.of("RED", "GREEN", "BLUE"), colors.element().element().constants());
    }

    @Test
    void aMethodIsDescribedWithItsParametersAndReturnType() {
        MethodInfo gated = method("gated");
        assertEquals(name(ResolverShapes.Child.class), gated.className());
        assertEquals("(ILjava/lang/String;)L" + internal(ResolverShapes.Square.class) + ";", gated.descriptor());
        assertFalse(gated.isStatic());
        assertEquals(List.of("int", "java.lang.String"), gated.parameters());
        assertTrue(gated.returnType().newable(), "the return type's header was read");
    }

    @Test
    void theFirstTypeArgumentOfTheReturnTypeIsItsElement() {
        assertEquals("java.lang.Integer", method("optional").returnType().element().name());
        assertNull(method("wildcard").returnType().element(), "a wildcard names no one type");
    }

    @Test
    void siblingsAreTheDeclaredAndTheVisibleInheritedMethodsEachSignatureOnce() {
        List<MethodInfo> siblings = method("gated").siblings();
        List<String> names = siblings.stream().map(s -> s.className() + "#" + s.name()).toList();
        String child = name(ResolverShapes.Child.class);
        String parent = name(ResolverShapes.Parent.class);
        assertTrue(names.contains(child + "#ownPrivate"), names.toString());
        assertTrue(names.contains(child + "#overridden"), names.toString());
        assertFalse(names.contains(parent + "#overridden"), "the most specific declaration wins: " + names);
        assertTrue(names.contains(parent + "#inheritedPublic"), names.toString());
        assertTrue(names.contains(parent + "#inheritedProtected"), names.toString());
        assertTrue(names.contains(parent + "#inheritedPackage"), "same package: " + names);
        assertFalse(names.contains(parent + "#inheritedPrivate"), names.toString());
        assertFalse(names.contains(child + "#gated"), "not a sibling of itself: " + names);
        assertFalse(names.stream().anyMatch(n -> n.startsWith("java.lang.Object#")), "nothing of Object: " + names);
    }

    private MethodInfo method(String name) {
        String owner = internal(ResolverShapes.Child.class);
        ClassScan scan = ClassScan.of(classFile(owner));
        for (ClassScan.Method m : scan.methods) {
            if (m.name().equals(name) && !m.isBridgeOrSynthetic()) {
                return resolver.method(owner, m, scan.methods);
            }
        }
        throw new IllegalArgumentException(name);
    }

    private static String internal(Class<?> c) {
        return c.getName().replace('.', '/');
    }

    private static byte[] classFile(String internalName) {
        try (InputStream in = TypeResolverTest.class.getClassLoader().getResourceAsStream(internalName + ".class")) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
