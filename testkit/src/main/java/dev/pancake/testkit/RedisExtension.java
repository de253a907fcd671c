package dev.pancake.testkit;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives each test class its own fresh {@link TestRedis}, injected into any {@code TestRedis} parameter (constructor,
 * {@code @BeforeAll}, {@code @BeforeEach}, test methods):
 *
 * <pre>{@code
 * @ExtendWith(RedisExtension.class)
 * class StoreTest {
 *     @Test
 *     void reads(TestRedis redis) { redis.set("k", "v"); ... }
 * }
 * }</pre>
 *
 * The server is started before the class's first use of it and closed after all its tests. A {@code @Nested} class
 * gets a server of its own. Data is not flushed between test methods: tests that need an empty server call
 * {@link TestRedis#flushAll()}.
 */
public final class RedisExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(RedisExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        redis(context);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        TestRedis redis = context.getStore(NAMESPACE).remove(context.getRequiredTestClass(), TestRedis.class);
        if (redis != null) {
            redis.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == TestRedis.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return redis(extensionContext);
    }

    /**
     * The server of the test class that {@code context} belongs to, started on first use: with a per-class lifecycle
     * JUnit builds the test instance, and so resolves constructor parameters, before {@code beforeAll}.
     */
    private static TestRedis redis(ExtensionContext context) {
        ExtensionContext classContext = context;
        while (classContext.getTestMethod().isPresent() && classContext.getParent().isPresent()) {
            classContext = classContext.getParent().get();
        }
        // Keyed by class: a @Nested class's store would otherwise find, and share, its outer class's server.
        return classContext.getStore(NAMESPACE).getOrComputeIfAbsent(classContext.getRequiredTestClass(),
                testClass -> TestRedis.start(), TestRedis.class);
    }
}
