package dev.pancake.junit;

import java.util.Optional;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit 5 extension behind {@link PancakeTest} and the override annotations.
 *
 * <ul>
 * <li>before the tests of a class: the agent runs in this JVM on the in-memory store
 *     (attached now if need be);
 * <li>before each test: the flags are in the in-memory store, or in the test Redis for
 *     {@code @PancakeTest(redis = true)}; every flag is back at pancake.yml's default, then the test's overrides
 *     are made (its classes', outermost first, then its method's), and its {@link PancakeFlags}
 *     starts counting;
 * <li>after each test: every flag is back at pancake.yml's default, whatever the test changed.
 * </ul>
 */
public final class PancakeExtension implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback,
        ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(PancakeExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        agent(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        RunningAgent agent = agent(context);
        Optional<PancakeTest> nearest = nearest(context);
        RedisForTests.use(agent, nearest.isPresent() && nearest.get().redis(), context,
                context.getRequiredTestClass().getName());
        Overrides.reset(agent);
        try {
            Overrides.apply(agent, Overrides.of(context));
        } catch (RuntimeException e) {
            Overrides.reset(agent);
            throw e;
        }
        context.getStore(NAMESPACE).put(PancakeFlags.class, new PancakeFlags(agent));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Overrides.reset(agent(context));
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == PancakeFlags.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        PancakeFlags flags = context.getStore(NAMESPACE).get(PancakeFlags.class, PancakeFlags.class);
        if (flags == null) {
            throw new ParameterResolutionException("PancakeFlags belongs to one test: declare it as a parameter of a test"
                    + " method or of a @BeforeEach or @AfterEach method, not of " + parameter.getDeclaringExecutable());
        }
        return flags;
    }

    /** The {@code @PancakeTest} of the innermost class that has one. */
    private static Optional<PancakeTest> nearest(ExtensionContext context) {
        for (Optional<ExtensionContext> c = Optional.of(context); c.isPresent(); c = c.get().getParent()) {
            Optional<PancakeTest> test = c.get().getTestClass()
                    .flatMap(type -> AnnotationSupport.findAnnotation(type, PancakeTest.class));
            if (test.isPresent()) {
                return test;
            }
        }
        return Optional.empty();
    }

    private static RunningAgent agent(ExtensionContext context) {
        String config = "";
        String where = context.getRequiredTestClass().getName();
        for (Optional<ExtensionContext> c = Optional.of(context); c.isPresent(); c = c.get().getParent()) {
            Optional<PancakeTest> test = c.get().getTestClass()
                    .flatMap(type -> AnnotationSupport.findAnnotation(type, PancakeTest.class));
            if (test.isPresent() && !test.get().config().isEmpty()) {
                config = test.get().config();
                where = c.get().getRequiredTestClass().getName();
                break;
            }
        }
        return AgentSetup.ensure(config, where);
    }
}
