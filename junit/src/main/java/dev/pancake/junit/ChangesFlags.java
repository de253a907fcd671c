package dev.pancake.junit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * What every Pancake annotation brings to the test it is on, in one place: the extension, and the
 * lock that keeps tests that change flags from running at the same time under JUnit's parallel
 * execution (tests that do not use Pancake are not held back). JUnit finds both through the
 * annotation that carries this one.
 */
@Target(ElementType.ANNOTATION_TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(PancakeExtension.class)
@ResourceLock(value = PancakeTest.FLAGS, mode = ResourceAccessMode.READ_WRITE)
@interface ChangesFlags {
}
