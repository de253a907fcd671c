package dev.pancake.testkit;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * A real, separate JVM for agent tests, with its output captured line by line.
 *
 * <pre>{@code
 * try (ForkedJvm jvm = ForkedJvm.builder()
 *         .agent(agentJar, "redis=" + redis.url())
 *         .classpath(appClasses)
 *         .mainClass("com.example.App")
 *         .start()) {
 *     jvm.awaitStdout("ready", Duration.ofSeconds(10));
 *     jvm.send("go");
 *     jvm.awaitStdout(Pattern.compile("result=\\d+"), Duration.ofSeconds(5));
 *     assertEquals(0, jvm.awaitExit(Duration.ofSeconds(10)));
 * }
 * }</pre>
 *
 * <p>The {@code await} methods read like {@code expect}: each returns the first matching line after the line that the
 * previous await on the same stream matched, so a send/await loop never matches an old line twice.
 * {@link #stdoutLines()} always has everything. They fail with an {@link AssertionError} that carries the whole output
 * when the time is up, and at once when the JVM has exited without printing the line.
 *
 * <p>The process is killed on {@link #close()}, and at the latest when the test JVM exits.
 */
public final class ForkedJvm implements AutoCloseable {
    /** System property with the comma-separated JDK homes that forked-JVM tests run on. */
    public static final String JDKS_PROPERTY = "pancake.test.jdks";
    private static final Path TEMURIN_25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");
    /** How long a dead JVM's output may take to drain before an await gives up on it. */
    private static final long DRAIN_MILLIS = 1000;

    private final Process process;
    private final List<String> command;
    private final Capture stdout;
    private final Capture stderr;
    private final Writer stdin;

    private ForkedJvm(Process process, List<String> command) {
        this.process = process;
        this.command = List.copyOf(command);
        this.stdout = new Capture("stdout", process.getInputStream(), process.pid());
        this.stderr = new Capture("stderr", process.getErrorStream(), process.pid());
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    }

    /** A builder for a JVM of the current {@code java.home}. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The JDK homes that forked-JVM tests should run on: those listed in the system property {@value #JDKS_PROPERTY}
     * (comma-separated) if it is set, else the current {@code java.home} plus {@code /usr/lib/jvm/temurin-25-jdk-amd64}
     * if it exists. Duplicates are dropped.
     *
     * @throws IllegalStateException if a listed home has no {@code bin/java}
     */
    public static List<Path> jdks() {
        String property = System.getProperty(JDKS_PROPERTY, "").trim();
        List<Path> candidates = new ArrayList<>();
        if (property.isEmpty()) {
            candidates.add(Path.of(System.getProperty("java.home")));
            if (Files.isExecutable(javaExecutable(TEMURIN_25))) {
                candidates.add(TEMURIN_25);
            }
        } else {
            for (String home : property.split(",")) {
                if (!home.isBlank()) {
                    candidates.add(Path.of(home.trim()));
                }
            }
        }
        Set<Path> homes = new LinkedHashSet<>();
        for (Path home : candidates) {
            if (!Files.isExecutable(javaExecutable(home))) {
                throw new IllegalStateException(JDKS_PROPERTY + " lists " + home + ", but " + javaExecutable(home)
                        + " does not exist. Set it to comma-separated JDK homes, e.g. -D" + JDKS_PROPERTY
                        + "=/usr/lib/jvm/java-17-openjdk-amd64,/usr/lib/jvm/temurin-25-jdk-amd64");
            }
            homes.add(realPath(home));
        }
        return List.copyOf(homes);
    }

    /**
     * The feature version (17, 25, ...) of the JDK at {@code javaHome}, from {@code JAVA_VERSION} in its
     * {@code release} file.
     *
     * @throws IllegalArgumentException if there is no readable {@code release} file with a {@code JAVA_VERSION}
     */
    public static int javaFeatureVersion(Path javaHome) {
        Path release = javaHome.resolve("release");
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(release)) {
            properties.load(in);
        } catch (IOException e) {
            throw new IllegalArgumentException(javaHome + " is not a JDK home: cannot read " + release, e);
        }
        String version = properties.getProperty("JAVA_VERSION", "").replace("\"", "").trim();
        // "17.0.15", "25", "21-ea", and "1.8.0_412" for Java 8.
        String[] parts = version.split("[.\\-+_]");
        try {
            int first = Integer.parseInt(parts[0]);
            return first == 1 && parts.length > 1 ? Integer.parseInt(parts[1]) : first;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(release + " has no usable JAVA_VERSION: '" + version + "'", e);
        }
    }

    /** The command line that started this JVM. */
    public List<String> command() {
        return command;
    }

    /** The process id. */
    public long pid() {
        return process.pid();
    }

    /** Whether the JVM still runs. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** A snapshot of the stdout lines captured so far. */
    public List<String> stdoutLines() {
        return stdout.snapshot();
    }

    /** A snapshot of the stderr lines captured so far. */
    public List<String> stderrLines() {
        return stderr.snapshot();
    }

    /** Waits for a stdout line that {@code pattern} finds a match in (see the class comment), and returns it. */
    public String awaitStdout(Pattern pattern, Duration timeout) {
        return await(stdout, line -> pattern.matcher(line).find(), "matching /" + pattern + "/", timeout);
    }

    /** Waits for a stdout line that contains {@code text} (see the class comment), and returns it. */
    public String awaitStdout(String text, Duration timeout) {
        return await(stdout, line -> line.contains(text), "containing \"" + text + "\"", timeout);
    }

    /** Waits for a stderr line that {@code pattern} finds a match in (see the class comment), and returns it. */
    public String awaitStderr(Pattern pattern, Duration timeout) {
        return await(stderr, line -> pattern.matcher(line).find(), "matching /" + pattern + "/", timeout);
    }

    /** Waits for a stderr line that contains {@code text} (see the class comment), and returns it. */
    public String awaitStderr(String text, Duration timeout) {
        return await(stderr, line -> line.contains(text), "containing \"" + text + "\"", timeout);
    }

    /**
     * Writes {@code line} and a newline to the JVM's stdin, and flushes.
     *
     * @throws IllegalStateException if the JVM has exited or closed its stdin
     */
    public void send(String line) {
        synchronized (stdin) {
            try {
                stdin.write(line + "\n");
                stdin.flush();
            } catch (IOException e) {
                throw new IllegalStateException("cannot send '" + line + "' to the forked JVM: " + e.getMessage()
                        + report(), e);
            }
        }
    }

    /** Closes the JVM's stdin, so that it reads end of file. */
    public void closeStdin() {
        synchronized (stdin) {
            try {
                stdin.close();
            } catch (IOException e) {
                // Already closed by the process: it reads end of file either way.
            }
        }
    }

    /**
     * Waits for the JVM to exit and returns its exit code, once all its output is captured.
     *
     * @throws AssertionError if it still runs after {@code timeout} (it is left running; {@link #close()} kills it)
     */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("The forked JVM (pid " + pid() + ") did not exit within " + timeout.toMillis()
                        + " ms." + report());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for the forked JVM to exit", e);
        }
        stdout.awaitEnd(DRAIN_MILLIS);
        stderr.awaitEnd(DRAIN_MILLIS);
        return process.exitValue();
    }

    /** Kills the JVM (SIGKILL) and waits until it is gone. */
    public void kill() {
        Reaper.kill(process);
        stdout.awaitEnd(DRAIN_MILLIS);
        stderr.awaitEnd(DRAIN_MILLIS);
    }

    /** Kills the JVM if it still runs. */
    @Override
    public void close() {
        kill();
        closeStdin();
    }

    @Override
    public String toString() {
        return "ForkedJvm[pid " + pid() + (isAlive() ? ", running" : ", exited") + "]";
    }

    private String await(Capture capture, Predicate<String> matcher, String description, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long deadSince = 0;
        while (true) {
            String line = capture.next(matcher);
            if (line != null) {
                return line;
            }
            // A JVM that died cannot print the line any more: fail now instead of at the timeout, once the pipe has
            // drained (normally at once; a grandchild holding the pipe open could delay that forever).
            if (!process.isAlive()) {
                deadSince = deadSince == 0 ? System.nanoTime() : deadSince;
                if (capture.ended() || System.nanoTime() - deadSince > TimeUnit.MILLISECONDS.toNanos(DRAIN_MILLIS)) {
                    line = capture.next(matcher);
                    if (line != null) {
                        return line;
                    }
                    throw new AssertionError("The forked JVM (pid " + pid() + ") exited with code "
                            + process.exitValue() + " without printing a " + capture.name + " line " + description
                            + "." + report());
                }
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                throw new AssertionError("The forked JVM (pid " + pid() + ") printed no " + capture.name + " line "
                        + description + " within " + timeout.toMillis() + " ms." + report());
            }
            capture.awaitChange(Math.min(TimeUnit.NANOSECONDS.toMillis(remaining) + 1, 50));
        }
    }

    /** Everything we know, for failure messages: a test failing in a forked JVM is otherwise hard to diagnose. */
    private String report() {
        String state = process.isAlive() ? "still running" : "exit code " + process.exitValue();
        return "\nState: " + state + "\nCommand: " + String.join(" ", command)
                + "\n--- stdout (" + stdout.snapshot().size() + " lines) ---\n" + String.join("\n", stdout.snapshot())
                + "\n--- stderr (" + stderr.snapshot().size() + " lines) ---\n" + String.join("\n", stderr.snapshot())
                + "\n--- end ---";
    }

    private static Path javaExecutable(Path javaHome) {
        boolean windows = File.separatorChar == '\\';
        return javaHome.resolve("bin").resolve(windows ? "java.exe" : "java");
    }

    private static Path realPath(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return path.toAbsolutePath().normalize();
        }
    }

    /** One output stream of the JVM, read by its own daemon thread so the JVM never blocks on a full pipe. */
    private static final class Capture {
        private final String name;
        private final List<String> lines = new ArrayList<>();
        private int consumed; // lines before this index were passed by an earlier await
        private boolean ended;

        Capture(String name, InputStream stream, long pid) {
            this.name = name;
            Thread reader = new Thread(() -> read(stream), "forked-jvm-" + pid + "-" + name);
            reader.setDaemon(true);
            reader.start();
        }

        private void read(InputStream stream) {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    synchronized (this) {
                        lines.add(line);
                        notifyAll();
                    }
                }
            } catch (IOException e) {
                // The stream closes under us when the process is killed: that is its end.
            } finally {
                synchronized (this) {
                    ended = true;
                    notifyAll();
                }
            }
        }

        synchronized List<String> snapshot() {
            return List.copyOf(lines);
        }

        synchronized boolean ended() {
            return ended;
        }

        /** The first unconsumed line that matches, consuming it and the lines before it; or null. */
        synchronized String next(Predicate<String> matcher) {
            for (int i = consumed; i < lines.size(); i++) {
                if (matcher.test(lines.get(i))) {
                    consumed = i + 1;
                    return lines.get(i);
                }
            }
            return null;
        }

        synchronized void awaitChange(long millis) {
            try {
                wait(Math.max(1, millis));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for the forked JVM's " + name, e);
            }
        }

        synchronized void awaitEnd(long millis) {
            long deadline = System.currentTimeMillis() + millis;
            while (!ended && System.currentTimeMillis() < deadline) {
                awaitChange(deadline - System.currentTimeMillis());
            }
        }
    }

    /** Describes the JVM to start; {@link #mainClass(String)} is required. */
    public static final class Builder {
        private Path javaHome = Path.of(System.getProperty("java.home"));
        private final List<String> agents = new ArrayList<>();
        private final List<Path> classpath = new ArrayList<>();
        private String mainClass;
        private final List<String> args = new ArrayList<>();
        private final Map<String, String> systemProperties = new LinkedHashMap<>();
        private final Map<String, String> env = new LinkedHashMap<>();
        private final List<String> jvmArgs = new ArrayList<>();
        private Path workDir;

        private Builder() {
        }

        /** The JDK (or JRE) to run; default: the current {@code java.home}. */
        public Builder javaHome(Path home) {
            this.javaHome = Objects.requireNonNull(home, "javaHome");
            return this;
        }

        /** Adds {@code -javaagent:jar[=agentArgs]}; agents load in the order added. */
        public Builder agent(Path jar, String agentArgs) {
            String option = "-javaagent:" + jar.toAbsolutePath();
            agents.add(agentArgs == null ? option : option + "=" + agentArgs);
            return this;
        }

        /** Appends entries to the class path. */
        public Builder classpath(Path... entries) {
            for (Path entry : entries) {
                classpath.add(entry.toAbsolutePath());
            }
            return this;
        }

        /** The class whose {@code main} runs. */
        public Builder mainClass(String name) {
            this.mainClass = Objects.requireNonNull(name, "mainClass");
            return this;
        }

        /** Appends program arguments. */
        public Builder args(String... arguments) {
            args.addAll(List.of(arguments));
            return this;
        }

        /** Adds {@code -Dkey=value}. */
        public Builder systemProperty(String key, String value) {
            systemProperties.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Sets an environment variable of the JVM (it inherits ours otherwise); {@code null} removes one. */
        public Builder env(String key, String value) {
            env.put(Objects.requireNonNull(key, "key"), value);
            return this;
        }

        /** Appends a JVM option such as {@code -Xmx64m}, before the system properties and agents. */
        public Builder jvmArg(String arg) {
            jvmArgs.add(Objects.requireNonNull(arg, "jvmArg"));
            return this;
        }

        /** The JVM's working directory; default: ours. */
        public Builder workDir(Path dir) {
            this.workDir = dir;
            return this;
        }

        /**
         * Starts the JVM.
         *
         * @throws IllegalStateException if no main class was given, {@code javaHome} has no {@code bin/java}, or the
         *     process cannot be started
         */
        public ForkedJvm start() {
            if (mainClass == null) {
                throw new IllegalStateException("ForkedJvm needs a main class: call mainClass(\"com.example.Main\")");
            }
            Path java = javaExecutable(javaHome);
            if (!Files.isExecutable(java)) {
                throw new IllegalStateException("javaHome " + javaHome + " has no executable " + java);
            }
            List<String> command = new ArrayList<>();
            command.add(java.toString());
            command.addAll(jvmArgs);
            systemProperties.forEach((key, value) -> command.add("-D" + key + "=" + value));
            command.addAll(agents);
            if (!classpath.isEmpty()) {
                command.add("-cp");
                command.add(String.join(File.pathSeparator, classpath.stream().map(Path::toString).toList()));
            }
            command.add(mainClass);
            command.addAll(args);

            ProcessBuilder builder = new ProcessBuilder(command);
            if (workDir != null) {
                builder.directory(workDir.toFile());
            }
            env.forEach((key, value) -> {
                if (value == null) {
                    builder.environment().remove(key);
                } else {
                    builder.environment().put(key, value);
                }
            });
            try {
                return new ForkedJvm(Reaper.track(builder.start()), command);
            } catch (IOException e) {
                throw new IllegalStateException("cannot start " + String.join(" ", command) + ": " + e.getMessage(), e);
            }
        }
    }
}
