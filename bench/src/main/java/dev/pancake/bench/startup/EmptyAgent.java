package dev.pancake.bench.startup;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;

/**
 * The empty agent of the realistic start-up benchmark: a {@code premain} that registers a transformer which changes
 * nothing, the way Pancake registers its own under {@code -javaagent}, so every class the application loads passes
 * through it. {@link RealStartupBench} writes its jar (this class and the transformer, plus a manifest).
 */
public final class EmptyAgent {

    private EmptyAgent() {}

    public static void premain(String args, Instrumentation inst) {
        inst.addTransformer(new ClassFileTransformer() {
            @Override
            public byte[] transform(ClassLoader loader, String className, Class<?> redefined, ProtectionDomain domain,
                    byte[] bytes) {
                return null;
            }
        }, false);
    }
}
