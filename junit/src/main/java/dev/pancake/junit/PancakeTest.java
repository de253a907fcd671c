package dev.pancake.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A test class whose tests run gated code under the Pancake agent, with pancake.yml's real flags,
 * groups and fallbacks, on the in-memory store.
 *
 * <pre>{@code
 * @PancakeTest
 * class CheckoutTest {
 *     @Test @OverrideSwitch(name = "NEW_CHECKOUT", active = true)
 *     void newCheckout() { assertEquals("new", shop.checkout()); }
 * }
 * }</pre>
 *
 * <p>The agent is attached to the test JVM if it is not there yet (or started with
 * {@code -javaagent:pancake-agent.jar=store=memory}). Every test starts from pancake.yml's
 * defaults, and whatever it changed is undone after it. The tests of these classes hold the
 * resource lock {@link #FLAGS}, so under JUnit's parallel execution they never run at the same time
 * as each other; other tests are not held back.
 */
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ChangesFlags
public @interface PancakeTest {

    /**
     * The JUnit resource lock that every test that uses or changes Pancake's flags holds. Tests
     * that call gated code without this extension can take it in {@code READ} mode:
     * {@code @ResourceLock(value = PancakeTest.FLAGS, mode = ResourceAccessMode.READ)}.
     */
    String FLAGS = "dev.pancake.flags";

    /**
     * The pancake.yml to use, a path relative to the working directory. Empty: found as the agent
     * finds it ({@code -Dpancake.config}, {@code PANCAKE_CONFIG}, {@code ./pancake.yml}). One test
     * JVM reads one pancake.yml.
     */
    String config() default "";

    /**
     * True: these tests keep flags in a real Redis instead of the in-memory store. It is the one
     * that {@code PANCAKE_TEST_REDIS_URL} names, else a Redis container that Testcontainers starts
     * (when {@code org.testcontainers:testcontainers} is a test dependency), never the one
     * pancake.yml names; the keys live under a namespace of this test JVM's own
     * ({@code pancake-test-...}), and what a test wrote is removed after it as always. The nearest
     * {@code @PancakeTest} decides: a {@code @Nested} class may say otherwise than its enclosing class.
     */
    boolean redis() default false;
}
