package dev.pancake.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One redis-server process that the tests own: started on a loopback port with a temp dir and no persistence,
 * stoppable, restartable on the same port, and pausable with SIGSTOP.
 */
final class RedisProcess {
    static final Duration START_TIMEOUT = Duration.ofSeconds(10);
    private static final int PORT_ATTEMPTS = 5;
    private static final String READY = "Ready to accept connections";

    private final Path binary;
    private final List<String> leadingArgs;
    private final List<String> extraArgs;
    private final String readyMarker;
    private final Path workDir;
    private final Path log;
    private final int port;
    private volatile Process process;

    private RedisProcess(Path binary, List<String> leadingArgs, List<String> extraArgs, String readyMarker,
            Path workDir, int port) {
        this.binary = binary;
        this.leadingArgs = List.copyOf(leadingArgs);
        this.extraArgs = List.copyOf(extraArgs);
        this.readyMarker = readyMarker;
        this.workDir = workDir;
        this.log = workDir.resolve("redis.log");
        this.port = port;
    }

    /**
     * Starts {@code binary} on a free port. Another process can take the port between our probe and redis' bind, so a
     * failed bind is retried on a new port.
     */
    static RedisProcess startOnFreePort(Path binary, List<String> extraArgs, Path workDir) {
        return startOnFreePort(binary, List.of(), extraArgs, READY, workDir);
    }

    /**
     * Like {@link #startOnFreePort(Path, List, Path)}, with arguments before ours (a config file, which redis-server
     * wants first) and the log line that says the server is ready (a sentinel logs no "Ready to accept connections").
     */
    static RedisProcess startOnFreePort(Path binary, List<String> leadingArgs, List<String> extraArgs,
            String readyMarker, Path workDir) {
        PortInUseException last = null;
        for (int attempt = 0; attempt < PORT_ATTEMPTS; attempt++) {
            RedisProcess redis = new RedisProcess(binary, leadingArgs, extraArgs, readyMarker, workDir, freePort());
            try {
                redis.start();
                return redis;
            } catch (PortInUseException e) {
                last = e;
            }
        }
        throw new IllegalStateException(binary + " found no free port in " + PORT_ATTEMPTS + " attempts", last);
    }

    /** A port that was free on 127.0.0.1 a moment ago (the OS picks it; we release it at once). */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port on 127.0.0.1", e);
        }
    }

    int port() {
        return port;
    }

    Path log() {
        return log;
    }

    long pid() {
        Process p = process;
        return p == null ? -1 : p.pid();
    }

    boolean isRunning() {
        Process p = process;
        return p != null && p.isAlive();
    }

    // stop/restart/pause/resume are synchronized so that two threads cannot start two servers on one port.

    /** Kills the server (SIGKILL, like a crash); the port number is kept for {@link #restart()}. */
    synchronized void stop() {
        Process p = process;
        if (p != null) {
            Reaper.kill(p);
        }
    }

    /**
     * Starts the server again on the same port with empty data. Waits for the port while something else still holds
     * it (for example the killed server's socket being torn down).
     */
    synchronized void restart() {
        stop();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            try {
                start();
                return;
            } catch (PortInUseException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("cannot restart Redis on port " + port
                            + ": another process holds that port", e);
                }
                sleep(100);
            }
        }
    }

    /** SIGSTOP: the kernel still accepts connections on the port, but nothing ever answers them. */
    synchronized void pause() {
        signal("STOP", 'T');
    }

    /** SIGCONT after {@link #pause()}. */
    synchronized void resume() {
        signal("CONT", 'S');
    }

    private void start() {
        List<String> command = new ArrayList<>(List.of(binary.toString()));
        command.addAll(leadingArgs);
        command.addAll(List.of(
                "--port", Integer.toString(port),
                "--bind", "127.0.0.1",
                "--dir", workDir.toString(),
                "--save", "",
                "--appendonly", "no",
                "--daemonize", "no"));
        // Last, so a test can override our defaults (redis keeps the last value of a repeated option).
        command.addAll(extraArgs);
        long logStart = logSize();
        Process p = launch(new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())));
        process = p;
        awaitReady(p, logStart);
    }

    private static Process launch(ProcessBuilder builder) {
        for (int attempt = 1; ; attempt++) {
            try {
                Process p = Reaper.track(builder.start());
                p.getOutputStream().close();
                return p;
            } catch (IOException e) {
                // A binary we just extracted can be briefly "busy" while a concurrently forked child holds its
                // write handle (JDK-8068370); that passes within milliseconds.
                if (attempt >= 5 || !String.valueOf(e.getMessage()).contains("busy")) {
                    throw new UncheckedIOException("cannot run " + builder.command().get(0) + ": " + e.getMessage(), e);
                }
                sleep(50L * attempt);
            }
        }
    }

    /**
     * Waits until this start logged that it accepts connections. The log is ours alone, unlike the port: a PING could be
     * answered by a stranger that took the port while our server is about to fail its bind. Only when the log stays
     * silent (a test moved it with --logfile) does a PING to a server that survived its start-up count.
     */
    private void awaitReady(Process p, long logStart) {
        long started = System.nanoTime();
        long deadline = started + START_TIMEOUT.toNanos();
        RedisCli probe = new RedisCli("127.0.0.1", port).withTimeout(Duration.ofMillis(500));
        while (true) {
            boolean alive = p.isAlive(); // sampled before reading, so a dead server's log is complete
            String output = logSince(logStart);
            if (!alive) {
                exited(p, output);
            }
            if (output.contains(readyMarker)) {
                return;
            }
            if (System.nanoTime() - started > TimeUnit.SECONDS.toNanos(2) && answers(probe)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                Reaper.kill(p);
                throw new IllegalStateException(binary + " did not accept connections on port " + port + " within "
                        + START_TIMEOUT.toSeconds() + " s." + tail(logSince(logStart)));
            }
            sleep(10);
        }
    }

    private void exited(Process p, String output) {
        Reaper.kill(p);
        if (output.contains("Address already in use")) {
            throw new PortInUseException(port);
        }
        throw new IllegalStateException(binary + " exited with code " + p.exitValue() + " on start-up (port " + port
                + ")." + tail(output));
    }

    private static boolean answers(RedisCli probe) {
        try {
            probe.call("PING");
            return true;
        } catch (IllegalStateException e) {
            return true; // An error reply such as NOAUTH still proves that the server is up.
        } catch (UncheckedIOException e) {
            return false;
        }
    }

    private void signal(String signal, char expectedState) {
        Process p = process;
        if (p == null || !p.isAlive()) {
            throw new IllegalStateException("Redis on port " + port + " is not running (stopped?): cannot send SIG"
                    + signal);
        }
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid()))
                    .redirectErrorStream(true).start();
            String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + p.pid() + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UnsupportedOperationException("pause()/resume() need the POSIX 'kill' command: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending SIG" + signal, e);
        }
        awaitState(p.pid(), expectedState);
    }

    /** Signals are asynchronous: wait until /proc shows the new state, so the caller's next step sees it. */
    private static void awaitState(long pid, char expected) {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (Files.exists(stat) && System.nanoTime() < deadline) {
            try {
                String content = Files.readString(stat);
                // Format: "pid (comm) S ...": the state follows the last ')'.
                char state = content.charAt(content.lastIndexOf(')') + 2);
                boolean stopped = state == 'T' || state == 't';
                if (stopped == (expected == 'T')) {
                    return;
                }
            } catch (IOException | RuntimeException e) {
                return; // No /proc details: the signal was delivered anyway.
            }
            sleep(5);
        }
    }

    private long logSize() {
        try {
            return Files.exists(log) ? Files.size(log) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private String logSince(long offset) {
        try {
            if (!Files.exists(log)) {
                return "";
            }
            byte[] bytes = Files.readAllBytes(log);
            int from = (int) Math.min(offset, bytes.length);
            return new String(bytes, from, bytes.length - from, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    private String tail(String output) {
        List<String> lines = output.lines().toList();
        List<String> last = lines.subList(Math.max(0, lines.size() - 30), lines.size());
        return last.isEmpty() ? " It printed nothing (log: " + log + ")."
                : " Last lines of " + log + ":\n    " + String.join("\n    ", last);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Redis", e);
        }
    }

    /** The server could not bind its port; the caller may try again. */
    static final class PortInUseException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PortInUseException(int port) {
            super("port " + port + " is already in use");
        }
    }
}
