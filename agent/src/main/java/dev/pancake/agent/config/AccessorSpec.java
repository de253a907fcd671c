package dev.pancake.agent.config;

import java.util.List;

/**
 * Where a group's id comes from: {@code com.example.Ctx#FIELD} (a public static field; a
 * ThreadLocal is read with get()) or {@code com.example.Ctx#method()} (a public static no-arg
 * method that returns something), followed by an optional {@code .property} chain (getter, record
 * accessor or public field).
 *
 * <p>An accessor reads the application's own state, so the named class may not be one of the
 * JDK's ({@code java.}, {@code jdk.}, {@code sun.}, {@code com.sun.}): {@code Thread#interrupted()}
 * has the shape of a getter but clears the calling thread's interrupt status, and nobody can vet
 * every static method of the JDK. What the class loader must answer (is the member public, static,
 * not synthetic, not void) is checked when the accessor is first used.
 */
public record AccessorSpec(String text, String className, String member, boolean method, List<String> properties) {

    private static final List<String> JDK_PACKAGES = List.of("java.", "jdk.", "sun.", "com.sun.");

    /** Why pancake.yml may not name this accessor, or null when it may. */
    public String refusal() {
        if (isJdkClass(className)) {
            return className + " is a JDK class; an accessor reads the application's own state (a public static"
                    + " field or no-arg method of its classes)";
        }
        if (properties.contains("class")) {
            return "an accessor cannot read .class (no reflection); a .property is a getter, a record component or"
                    + " a public field";
        }
        return null;
    }

    /** True for classes of the JDK's own packages, whose static methods an accessor never calls. */
    public static boolean isJdkClass(String className) {
        for (String p : JDK_PACKAGES) {
            if (className.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return text;
    }
}
