package dev.pancake.junit;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

import dev.pancake.junit.RunningAgent.FlagRow;

/**
 * The overrides a test asks for, in the order they apply: those of the outermost class first,
 * then of each nested class, then of the method, so that the method's win (a later write to the
 * same key replaces an earlier one).
 */
final class Overrides {

    /** One override: the MBean operation that makes it, and the annotation that asked, for messages. */
    record Change(String annotation, String where, String operation, String... args) {}

    private Overrides() {}

    static List<Change> of(ExtensionContext context) {
        List<Class<?>> classes = new ArrayList<>();
        for (Optional<ExtensionContext> c = Optional.of(context); c.isPresent(); c = c.get().getParent()) {
            Optional<Class<?>> type = c.get().getTestClass();
            if (type.isPresent() && !classes.contains(type.get())) {
                classes.add(0, type.get());
            }
        }
        List<Change> out = new ArrayList<>();
        for (Class<?> type : classes) {
            collect(type, type.getName(), out);
        }
        Optional<Method> method = context.getTestMethod();
        if (method.isPresent()) {
            Method m = method.get();
            collect(m, m.getDeclaringClass().getName() + "." + m.getName() + "()", out);
        }
        return out;
    }

    private static void collect(AnnotatedElement element, String where, List<Change> out) {
        for (OverrideSwitch s : AnnotationSupport.findRepeatableAnnotations(element, OverrideSwitch.class)) {
            String text = "@OverrideSwitch(name = \"" + s.name() + "\", active = " + s.active() + ")";
            out.add(new Change(text, where, s.active() ? "enableSwitch" : "disableSwitch", s.name()));
        }
        for (OverrideFlag f : AnnotationSupport.findRepeatableAnnotations(element, OverrideFlag.class)) {
            boolean global = f.group().isEmpty() && f.id().isEmpty();
            String text = "@OverrideFlag(name = \"" + f.name() + "\", active = " + f.active()
                    + (global ? "" : ", group = \"" + f.group() + "\", id = \"" + f.id() + "\"") + ")";
            if (global) {
                out.add(new Change(text, where, f.active() ? "enableFlag" : "disableFlag", f.name()));
            } else if (f.group().isEmpty() || f.id().isEmpty()) {
                throw new PancakeTestException(text + " on " + where + ": give both group and id for one member's"
                        + " override, or neither for the flag's global state");
            } else {
                out.add(new Change(text, where, f.active() ? "enableFlagGroup" : "disableFlagGroup", f.name(),
                        f.group(), f.id()));
            }
        }
        for (OverrideSample s : AnnotationSupport.findRepeatableAnnotations(element, OverrideSample.class)) {
            String text = "@OverrideSample(name = \"" + s.name() + "\", percent = " + s.percent() + ")";
            if (!(s.percent() >= 0 && s.percent() <= 100)) {
                throw new PancakeTestException(text + " on " + where + ": percent must be between 0 and 100");
            }
            out.add(new Change(text, where, "setSample", s.name(), Double.toString(s.percent())));
        }
    }

    /** Makes every override; the first the agent refuses fails the test with the agent's reason. */
    static void apply(RunningAgent agent, List<Change> overrides) {
        for (Change o : overrides) {
            try {
                agent.command(o.operation(), o.args());
            } catch (IllegalArgumentException e) {
                throw new PancakeTestException(o.annotation() + " on " + o.where() + ": " + e.getMessage()
                        + missingFileNote(agent));
            }
        }
    }

    /**
     * Puts every flag back to pancake.yml's defaults: removes from the store whatever is there
     * (set by an override, by {@link PancakeFlags} or by the code under test).
     */
    static void reset(RunningAgent agent) {
        for (FlagRow f : agent.flags()) {
            if (!f.declared() || !f.changed()) {
                continue;
            }
            switch (f.type()) {
                case "switch":
                    agent.command("clearSwitch", f.name());
                    break;
                case "sample":
                    agent.command("clearSample", f.name());
                    break;
                default:
                    if (f.stored() != null) {
                        agent.command("clearFlag", f.name());
                    }
                    for (String group : f.groups()) {
                        agent.command("clearAllFlagGroup", f.name(), group);
                    }
                    break;
            }
        }
    }

    static String missingFileNote(RunningAgent agent) {
        String file = agent.configFile();
        return Files.isRegularFile(Paths.get(file)) ? ""
                : " (the agent found no pancake.yml: it looked for " + Paths.get(file).toAbsolutePath()
                        + "; name one with @PancakeTest(config = \"...\") or -Dpancake.config)";
    }
}
