package dev.pancake.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Turns a switch on or off for a test: on a method for that test, on a class for each of its tests
 * (nested classes included). A method's override wins over its class's, an inner class's over its
 * outer class's. Undone after each test.
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@Repeatable(OverrideSwitch.List.class)
@ChangesFlags
public @interface OverrideSwitch {

    /** The switch, as declared in pancake.yml (any case). */
    String name();

    boolean active();

    /** Several {@link OverrideSwitch}es on one element. */
    @Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
    @Retention(RetentionPolicy.RUNTIME)
    @Documented
    @Inherited
    @ChangesFlags
    @interface List {
        OverrideSwitch[] value();
    }
}
