package dev.pancake.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Sets a sample's percentage for a test: 100 is always active, 0 never. On a method for that test,
 * on a class for each of its tests (nested classes included); a method's override wins over its
 * class's. Undone after each test.
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@Repeatable(OverrideSample.List.class)
@ChangesFlags
public @interface OverrideSample {

    /** The sample, as declared in pancake.yml (any case). */
    String name();

    /** 0 to 100. */
    double percent();

    /** Several {@link OverrideSample}s on one element. */
    @Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
    @Retention(RetentionPolicy.RUNTIME)
    @Documented
    @Inherited
    @ChangesFlags
    @interface List {
        OverrideSample[] value();
    }
}
