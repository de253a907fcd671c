package dev.pancake.agent.instrument;

import java.io.Serializable;
import java.util.List;
import java.util.Optional;

/** Types that {@link TypeResolverTest} describes from their class files. */
final class ResolverShapes {

    private ResolverShapes() {}

    interface Shape {
    }

    interface Named extends Shape, Serializable {
    }

    abstract static class Base implements Shape {
        public Base() {
        }
    }

    public static class Square extends Base implements Named {
        private static final long serialVersionUID = 1L;

        public Square() {
        }
    }

    public static class Hidden {
        private Hidden() {
        }
    }

    public static class NeedsArgument {
        public NeedsArgument(int size) {
        }
    }

    enum Color {
        RED, GREEN, BLUE;

        static final int NOT_A_CONSTANT = 3;
    }

    /** The class of a gated method, with inherited methods of every visibility. */
    public static class Parent {
        public String inheritedPublic() {
            return "p";
        }

        protected String inheritedProtected() {
            return "p";
        }

        String inheritedPackage() {
            return "p";
        }

        private String inheritedPrivate() {
            return "p";
        }

        public String overridden() {
            return "parent";
        }
    }

    public static class Child extends Parent {
        public Square gated(int a, String b) {
            return null;
        }

        private String ownPrivate() {
            return "c";
        }

        @Override
        public String overridden() {
            return "child";
        }

        public Optional<Integer> optional() {
            return Optional.empty();
        }

        public List<? extends Shape> wildcard() {
            return List.of();
        }

        public Color[][] colors() {
            return new Color[0][];
        }
    }
}
