package dev.pancake.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import dev.pancake.Toggle;
import dev.pancake.testkit.ForkedJvm;

/**
 * The fixture application ({@code dev.pancake.fixture.FixtureMain}) in a forked JVM under the real
 * shaded agent jar, with its own pancake.yml in a temporary working directory.
 */
public final class AgentApp implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final ForkedJvm jvm;
    private final Path dir;
    private final AtomicInteger seq = new AtomicInteger();

    private AgentApp(ForkedJvm jvm, Path dir) {
        this.jvm = jvm;
        this.dir = dir;
    }

    /** The shaded agent jar that {@code mvn package} built (Failsafe passes its path). */
    public static Path agentJar() {
        String path = System.getProperty("pancake.agent.jar");
        if (path == null) {
            throw new IllegalStateException("run the agent tests with 'mvn verify' (Failsafe sets pancake.agent.jar)");
        }
        return Paths.get(path);
    }

    /** The application class path: the annotations jar and the test classes, never the agent's own classes. */
    public static List<Path> appClasspath() {
        List<Path> cp = new ArrayList<>();
        cp.add(location(Toggle.class));
        cp.add(location(dev.pancake.fixture.FixtureMain.class));
        return cp;
    }

    static Path location(Class<?> type) {
        try {
            return Paths.get(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Builder on(Path javaHome) {
        return new Builder(javaHome);
    }

    public Path dir() {
        return dir;
    }

    public ForkedJvm jvm() {
        return jvm;
    }

    /** Sends one fixture command and returns its answer: {@code = value} or {@code ! Exception: message}. */
    public String send(String command) {
        int n = seq.incrementAndGet();
        jvm.send(n + " " + command);
        String line = jvm.awaitStdout(Pattern.compile("^#" + n + " "), TIMEOUT);
        return line.substring(line.indexOf(' ') + 1);
    }

    /** Calls {@code dev.pancake.fixture.CLASS#method} and returns its answer. */
    public String call(String classAndMethod, String... args) {
        return send("call dev.pancake.fixture." + classAndMethod + (args.length == 0 ? "" : " " + String.join(" ", args)));
    }

    /** Polls {@link #call} until it answers {@code expected}; returns how long that took. */
    public Duration awaitCall(String expected, String classAndMethod, String... args) {
        return awaitAnswer(expected, "call dev.pancake.fixture." + classAndMethod
                + (args.length == 0 ? "" : " " + String.join(" ", args)));
    }

    /** Polls {@link #send} until it answers {@code expected}; returns how long that took. */
    public Duration awaitAnswer(String expected, String command) {
        long start = System.nanoTime();
        String last = null;
        while (System.nanoTime() - start < TIMEOUT.toNanos()) {
            last = send(command);
            if (last.equals(expected)) {
                return Duration.ofNanos(System.nanoTime() - start);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError(command + " answered " + last + ", expected " + expected + " within " + TIMEOUT
                + "\nstderr: " + tail(jvm.stderrLines()));
    }

    /** Replaces pancake.yml (the agent notices within about a second). */
    public void writeConfig(String yaml) {
        try {
            Files.writeString(dir.resolve("pancake.yml"), yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> tail(List<String> lines) {
        return lines.subList(Math.max(0, lines.size() - 30), lines.size());
    }

    /** Waits until stderr has each of these lines, in any order. */
    public void awaitStderrLines(String... expected) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!jvm.stderrLines().containsAll(List.of(expected))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("stderr lacks some of " + List.of(expected) + "\nstderr: " + jvm.stderrLines());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /**
     * Waits until stderr has everything the app printed there before this call: stdout and stderr
     * are read by separate threads, so a line printed before an answer may arrive after it. Prints
     * a marker line (not {@code [pancake]}-prefixed) and awaits it.
     */
    public void syncStderr() {
        String marker = "stderr-marker-" + seq.get();
        send("stderr " + marker);
        awaitStderrLines(marker);
    }

    /** The agent's stderr lines ({@code [pancake] ...}) that contain {@code text}. */
    public List<String> agentLines(String text) {
        return jvm.stderrLines().stream().filter(l -> l.startsWith("[pancake]") && l.contains(text)).toList();
    }

    public List<String> stderr() {
        return jvm.stderrLines();
    }

    @Override
    public void close() {
        jvm.close();
    }

    public static final class Builder {
        private final ForkedJvm.Builder jvm;
        private String yaml;
        private String agentArgs;
        private String configPermissions;
        private boolean agent = true;
        private final List<Path> extraClasspath = new ArrayList<>();

        Builder(Path javaHome) {
            this.jvm = ForkedJvm.builder().javaHome(javaHome).mainClass("dev.pancake.fixture.FixtureMain");
        }

        /** The pancake.yml written to the app's working directory; null for none. */
        public Builder config(String content) {
            this.yaml = content;
            return this;
        }

        /** The permissions of that pancake.yml, such as {@code rw-rw-rw-}; null leaves the umask's. */
        public Builder configPermissions(String permissions) {
            this.configPermissions = permissions;
            return this;
        }

        public Builder agentArgs(String args) {
            this.agentArgs = args;
            return this;
        }

        public Builder systemProperty(String key, String value) {
            jvm.systemProperty(key, value);
            return this;
        }

        public Builder env(String key, String value) {
            jvm.env(key, value);
            return this;
        }

        public Builder jvmArg(String arg) {
            jvm.jvmArg(arg);
            return this;
        }

        /** Starts the JVM without -javaagent (for a dynamic attach later). */
        public Builder withoutAgent() {
            this.agent = false;
            return this;
        }

        /** Runs another main class (which must print "fixture ready"), with arguments. */
        public Builder main(String className, String... args) {
            jvm.mainClass(className).args(args);
            return this;
        }

        /** Appends entries to the application class path. */
        public Builder classpath(Path... entries) {
            extraClasspath.addAll(List.of(entries));
            return this;
        }

        public AgentApp start() {
            try {
                Path dir = Files.createTempDirectory("pancake-it");
                if (yaml != null) {
                    Files.writeString(dir.resolve("pancake.yml"), yaml);
                    if (configPermissions != null) {
                        Files.setPosixFilePermissions(dir.resolve("pancake.yml"),
                                PosixFilePermissions.fromString(configPermissions));
                    }
                }
                if (agent) {
                    jvm.agent(agentJar(), agentArgs);
                }
                ForkedJvm started = jvm.classpath(appClasspath().toArray(new Path[0]))
                        .classpath(extraClasspath.toArray(new Path[0]))
                        .workDir(dir)
                        .start();
                started.awaitStdout("fixture ready", TIMEOUT);
                return new AgentApp(started, dir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
