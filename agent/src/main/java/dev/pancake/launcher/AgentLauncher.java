package dev.pancake.launcher;

import java.io.File;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.security.CodeSource;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * {@code Premain-Class}, {@code Agent-Class} and {@code Main-Class} of pancake-agent.jar.
 *
 * <p>Nothing may escape {@code premain}: an exception there aborts the JVM. Every failure is
 * reported on stderr with the {@code [pancake]} prefix and the application starts without flags.
 */
public final class AgentLauncher {

    private static final String AGENT = "dev.pancake.agent.Agent";
    private static final String CLI = "dev.pancake.agent.admin.Cli";

    private static boolean started;

    private AgentLauncher() {}

    public static void premain(String args, Instrumentation inst) {
        start(args, inst, false);
    }

    public static void agentmain(String args, Instrumentation inst) {
        start(args, inst, true);
    }

    /** The command-line interface: {@code java -jar pancake-agent.jar ...}. */
    public static void main(String[] args) throws Throwable {
        File jar;
        try {
            jar = agentJar();
        } catch (IllegalStateException e) {
            System.err.println("pancake: " + e.getMessage());
            System.exit(1);
            return;
        }
        InternalLoader loader = new InternalLoader(jar, false);
        Method main = loader.loadClass(CLI).getMethod("main", String[].class);
        Thread.currentThread().setContextClassLoader(loader);
        try {
            main.invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static synchronized void start(String args, Instrumentation inst, boolean attached) {
        try {
            if (started) {
                System.err.println("[pancake] WARN the agent is already running in this JVM; ignoring the second "
                        + (attached ? "attach" : "-javaagent"));
                return;
            }
            File jar = agentJar();
            try (JarFile agentJar = new JarFile(jar, false)) {
                BootstrapBridge.install(inst, agentJar);
            }
            InternalLoader loader = new InternalLoader(jar, true);
            Class<?> agent = loader.loadClass(AGENT);
            Method entry = agent.getMethod(attached ? "agentmain" : "premain", String.class, Instrumentation.class);
            entry.invoke(null, args, inst);
            started = true;
        } catch (InvocationTargetException e) {
            report(e.getCause());
        } catch (Throwable t) {
            report(t);
        }
    }

    private static void report(Throwable t) {
        System.err.println("[pancake] ERROR the agent did not start, the application runs without feature flags: " + t);
        if (Boolean.getBoolean("pancake.debug")) {
            t.printStackTrace();
        }
    }

    /**
     * The jar this class was loaded from. Refuses to run from anywhere else, for example when the
     * agent's classes were copied into an application's uber-jar (its manifest then lacks our
     * Premain-Class).
     */
    static File agentJar() {
        CodeSource source = AgentLauncher.class.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            throw new IllegalStateException("cannot locate pancake-agent.jar (no code source)");
        }
        File file;
        try {
            file = new File(source.getLocation().toURI());
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot locate pancake-agent.jar at " + source.getLocation(), e);
        }
        try (JarFile jar = new JarFile(file, false)) {
            Manifest manifest = jar.getManifest();
            String premain = manifest == null ? null : manifest.getMainAttributes().getValue("Premain-Class");
            if (!AgentLauncher.class.getName().equals(premain)) {
                throw new IllegalStateException(file + " is not pancake-agent.jar (its manifest has no Premain-Class "
                        + AgentLauncher.class.getName() + "); use the agent jar itself, do not repackage it");
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return file;
    }
}
