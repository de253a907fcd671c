package dev.pancake.it;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One run of the real CLI, {@code java [JVM options] -jar pancake-agent.jar ARGS...}, in a fresh
 * JVM, as a user would type it. Output goes to files, so a chatty process can never block on a
 * full pipe.
 */
final class CliRun {

    static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** What the CLI did: its exit status and its output, line by line. */
    record Result(int status, List<String> out, List<String> err, Duration took) {
        String stdout() {
            return out.isEmpty() ? "" : String.join("\n", out) + "\n";
        }

        @Override
        public String toString() {
            return "exit " + status + " after " + took.toMillis() + " ms\n--- stdout\n" + String.join("\n", out)
                    + "\n--- stderr\n" + String.join("\n", err);
        }
    }

    private Path javaHome = Path.of(System.getProperty("java.home"));
    private final Path workDir;
    private final List<String> jvmArgs = new ArrayList<>();
    private final Map<String, String> env = new LinkedHashMap<>();

    CliRun(Path workDir) {
        this.workDir = workDir;
        env.put("PANCAKE_CONFIG", null); // only what a test sets
    }

    CliRun javaHome(Path home) {
        this.javaHome = home;
        return this;
    }

    CliRun jvmArg(String arg) {
        jvmArgs.add(arg);
        return this;
    }

    CliRun env(String key, String value) {
        env.put(key, value);
        return this;
    }

    Result run(String... args) {
        List<String> command = new ArrayList<>();
        command.add(javaHome.resolve("bin").resolve("java").toString());
        command.addAll(jvmArgs);
        command.add("-jar");
        command.add(AgentApp.agentJar().toAbsolutePath().toString());
        command.addAll(List.of(args));
        try {
            Path out = Files.createTempFile("pancake-cli", ".out");
            Path err = Files.createTempFile("pancake-cli", ".err");
            ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(new File("/dev/null"));
            env.forEach((k, v) -> {
                if (v == null) {
                    builder.environment().remove(k);
                } else {
                    builder.environment().put(k, v);
                }
            });
            long start = System.nanoTime();
            Process process = builder.start();
            try {
                if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly().waitFor();
                    throw new AssertionError("the CLI did not exit within " + TIMEOUT + ": " + String.join(" ", command)
                            + "\n--- stderr\n" + Files.readString(err));
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            Result result = new Result(process.exitValue(), Files.readAllLines(out, StandardCharsets.UTF_8),
                    Files.readAllLines(err, StandardCharsets.UTF_8), took);
            Files.delete(out);
            Files.delete(err);
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
