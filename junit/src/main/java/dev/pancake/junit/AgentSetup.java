package dev.pancake.junit;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;

import net.bytebuddy.agent.ByteBuddyAgent;

/**
 * Makes sure the Pancake agent runs in this test JVM, on the in-memory store: attaches it when it
 * is not there yet (with {@code store=memory,admin=off}, so pancake.yml's Redis and admin page are
 * never used), and refuses an agent started with {@code -javaagent} that uses a real store.
 *
 * <p>Byte Buddy attaches through a short-lived helper JVM, since a JVM may not attach to itself
 * unless started with {@code -Djdk.attach.allowAttachSelf=true}.
 */
final class AgentSetup {

    /** How long the agent may take to start (and, after an attach, to instrument loaded classes). */
    static final long START_TIMEOUT_MS = 60_000;
    static final String AGENT_ARGS = "store=memory,admin=off";
    /** Set by the agent as it starts. */
    private static final String VERSION_PROPERTY = "pancake.agent.version";

    private static final Object LOCK = new Object();
    private static RunningAgent agent; // guarded by LOCK

    private AgentSetup() {}

    /**
     * The running agent, attached first if need be.
     *
     * @param config the pancake.yml that {@code @PancakeTest(config)} names, or "" for the agent's own search
     * @param where  the test class that asks, for messages
     */
    static RunningAgent ensure(String config, String where) {
        synchronized (LOCK) {
            Path wanted = config.isEmpty() ? null : Paths.get(config).toAbsolutePath().normalize();
            if (wanted != null && !Files.isRegularFile(wanted)) {
                throw new PancakeTestException("@PancakeTest(config = \"" + config + "\") on " + where + ": there is no file "
                        + wanted);
            }
            if (agent == null) {
                agent = start(wanted);
            }
            if (!agent.forTests() && !agent.store().startsWith("in-memory")) {
                throw new PancakeTestException("the Pancake agent in this JVM uses " + agent.store() + " (from "
                        + agent.configFile() + "): it was started with -javaagent but without store=memory, and tests"
                        + " never touch the flags of a real store. Add =" + AGENT_ARGS + " to it in Surefire's argLine"
                        + " (-javaagent:/path/to/pancake-agent.jar=" + AGENT_ARGS + "), or remove it: @PancakeTest"
                        + " attaches the agent itself");
            }
            if (wanted != null) {
                Path actual = Paths.get(agent.configFile()).toAbsolutePath().normalize();
                if (!actual.equals(wanted)) {
                    throw new PancakeTestException("@PancakeTest(config = \"" + config + "\") on " + where + ": the agent in"
                            + " this JVM already reads " + actual + ", and one JVM reads one pancake.yml. Name the same"
                            + " file, or run these tests in a Surefire execution of their own");
                }
            }
            return agent;
        }
    }

    private static RunningAgent start(Path config) {
        if (System.getProperty(VERSION_PROPERTY) == null) {
            attach(config);
            if (System.getProperty(VERSION_PROPERTY) == null) { // the attach returns once agentmain has returned
                throw new PancakeTestException("the Pancake agent refused to start in this test JVM; its [pancake] ERROR"
                        + " line on stderr says why");
            }
        }
        RunningAgent running;
        try {
            running = RunningAgent.await(START_TIMEOUT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PancakeTestException("interrupted while waiting for the Pancake agent to start");
        }
        if (running == null) {
            throw new PancakeTestException("the Pancake agent is attached to this JVM but did not start within "
                    + START_TIMEOUT_MS / 1000 + " s (its MBean " + RunningAgent.OBJECT_NAME + " did not appear); its"
                    + " [pancake] lines on stderr say why");
        }
        return running;
    }

    private static void attach(Path config) {
        Path jar = AgentJar.locate();
        String args = AGENT_ARGS;
        if (config != null) {
            if (config.toString().contains(",")) {
                throw new PancakeTestException("@PancakeTest(config = \"" + config + "\"): the agent cannot be given a path"
                        + " with a comma in it; move or rename the file");
            }
            args += ",config=" + config;
        }
        hintAboutTheAttachWarning(jar);
        try {
            ByteBuddyAgent.attach(jar.toFile(), String.valueOf(ProcessHandle.current().pid()), args);
        } catch (RuntimeException e) {
            throw new PancakeTestException("pancake-junit could not attach the Pancake agent (" + jar + ") to this test"
                    + " JVM: " + e.getMessage() + ". Start it with the JVM instead: add -javaagent:" + jar + "=" + AGENT_ARGS
                    + " to Surefire's argLine");
        }
    }

    /**
     * Java 21 and later print a warning when an agent is loaded into a running JVM (JEP 451). Says
     * once, before that warning, where it comes from and how to silence it.
     */
    private static void hintAboutTheAttachWarning(Path jar) {
        int feature = Runtime.version().feature();
        if (feature < 21 || dynamicAgentLoadingEnabled()) {
            return;
        }
        String hint = "[pancake-junit] attaching the Pancake agent to this test JVM, so Java " + feature
                + " warns below that an agent was loaded dynamically. To silence it, add -XX:+EnableDynamicAgentLoading"
                + " to Surefire's argLine, or start the agent with the JVM: -javaagent:" + jar + "=" + AGENT_ARGS;
        // to the process's stderr, where the JVM's warning goes, not to System.err: build tools capture that per
        // test, and the hint would not be seen next to the warning
        PrintStream stderr = new PrintStream(new FileOutputStream(FileDescriptor.err), true);
        stderr.println(hint);
        stderr.flush();
    }

    /**
     * Whether the JVM was started with {@code -XX:+EnableDynamicAgentLoading}, which silences the
     * warning. The option is true by default on Java 21+, and warns unless it was given.
     */
    private static boolean dynamicAgentLoadingEnabled() {
        try {
            HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            VMOption option = hotspot.getVMOption("EnableDynamicAgentLoading");
            return option.getOrigin() != VMOption.Origin.DEFAULT && "true".equals(option.getValue());
        } catch (RuntimeException | LinkageError e) {
            return ManagementFactory.getRuntimeMXBean().getInputArguments().contains("-XX:+EnableDynamicAgentLoading");
        }
    }
}
