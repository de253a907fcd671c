package dev.pancake.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Turns a flag on or off for a test, globally or, with {@code group} and {@code id}, for one member
 * of a group declared under {@code groups:} in pancake.yml. On a method for that test, on a class
 * for each of its tests (nested classes included); a method's override wins over its class's.
 * Undone after each test.
 *
 * <pre>{@code
 * @Test @OverrideFlag(name = "BETA_SEARCH", group = "user", id = "42", active = true)
 * void betaForUser42() { ... }
 * }</pre>
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@Repeatable(OverrideFlag.List.class)
@ChangesFlags
public @interface OverrideFlag {

    /** The flag, as declared in pancake.yml (any case). */
    String name();

    boolean active();

    /** A group declared in pancake.yml; empty (with an empty {@link #id}) for the flag's global state. */
    String group() default "";

    /** The member of {@link #group} the override is for; empty (with an empty group) for the global state. */
    String id() default "";

    /** Several {@link OverrideFlag}s on one element. */
    @Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
    @Retention(RetentionPolicy.RUNTIME)
    @Documented
    @Inherited
    @ChangesFlags
    @interface List {
        OverrideFlag[] value();
    }
}
