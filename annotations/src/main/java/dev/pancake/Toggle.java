package dev.pancake;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Gates a method behind a feature flag. With the Pancake agent attached
 * ({@code -javaagent:pancake-agent.jar}), every call of the method first evaluates the flag; while
 * the flag is inactive the method body does not run and the flag's fallback from
 * {@code pancake.yml} runs instead ({@code skip} by default: the method returns nothing, zero,
 * false, an empty value or null).
 *
 * <p>Without the agent the annotation does nothing and the method always runs.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Toggle {

    /** The flag's name; case-insensitive, stored upper-case (as flask-pancake does). */
    String name();

    /** Which kind of flag gates the method. */
    Type type() default Type.SWITCH;

    /** The three kinds of flag, the same as flask-pancake's. */
    enum Type {
        /** On or off for everybody. */
        SWITCH,
        /** On or off globally, overridable per user or other group. */
        FLAG,
        /** On for a percentage of calls, or of users when sticky. */
        SAMPLE
    }
}
