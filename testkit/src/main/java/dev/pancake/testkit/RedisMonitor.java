package dev.pancake.testkit;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Redis's {@code MONITOR}: every command the server runs, from every client, in the order it ran
 * them. Tests use it to check exactly what an operation sent (for example that the programmatic
 * API issues the same commands as flask-pancake).
 *
 * <pre>{@code
 * try (RedisMonitor monitor = RedisMonitor.start(redis)) {
 *     monitor.mark();                       // forget what came before
 *     app.send("api switch X enable");
 *     List<RedisMonitor.Command> sent = monitor.mark();   // everything the operation sent
 * }
 * }</pre>
 *
 * <p>{@link #mark()} sends {@code ECHO} over a separate connection and waits until the monitor
 * shows it: the server runs commands one at a time, so everything an operation that has already
 * returned sent is listed before the marker.
 */
public final class RedisMonitor implements AutoCloseable {

    /** One command as the server ran it: the client's address and the arguments, name first. */
    public record Command(String client, List<String> args) {
        /** The command name, upper-case. */
        public String name() {
            return args.get(0).toUpperCase(java.util.Locale.ROOT);
        }

        @Override
        public String toString() {
            return String.join(" ", args);
        }
    }

    private static final Duration MARK_TIMEOUT = Duration.ofSeconds(10);
    private static final AtomicInteger MARKS = new AtomicInteger();

    private final TestRedis redis;
    private final Socket socket;
    private final Thread reader;
    private final List<Command> seen = new ArrayList<>();
    private volatile IOException failure;
    private int taken;

    private RedisMonitor(TestRedis redis, Socket socket, InputStream in) {
        this.redis = redis;
        this.socket = socket;
        this.reader = new Thread(() -> read(in), "redis-monitor-" + redis.port());
        this.reader.setDaemon(true);
    }

    /** Starts monitoring {@code redis}. */
    public static RedisMonitor start(TestRedis redis) {
        try {
            Socket socket = new Socket();
            socket.connect(new InetSocketAddress(redis.host(), redis.port()), 5_000);
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            if (redis.password() != null) {
                RedisCli.roundTrip(out, in, "AUTH", redis.password());
            }
            Object ok = RedisCli.roundTrip(out, in, "MONITOR");
            if (!"OK".equals(ok)) {
                socket.close();
                throw new IllegalStateException("MONITOR answered " + ok);
            }
            RedisMonitor monitor = new RedisMonitor(redis, socket, in);
            monitor.reader.start();
            return monitor;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot MONITOR " + redis, e);
        }
    }

    /**
     * Waits until the monitor has seen every command that ran before this call, and returns those
     * seen since the previous mark (without the markers).
     */
    public List<Command> mark() {
        String token = "pancake-monitor-mark-" + MARKS.incrementAndGet();
        redis.command("ECHO", token);
        long deadline = System.nanoTime() + MARK_TIMEOUT.toNanos();
        synchronized (seen) {
            while (true) {
                for (int i = taken; i < seen.size(); i++) {
                    Command c = seen.get(i);
                    if (c.name().equals("ECHO") && c.args().size() == 2 && c.args().get(1).equals(token)) {
                        List<Command> out = new ArrayList<>();
                        for (Command earlier : seen.subList(taken, i)) {
                            if (!(earlier.name().equals("ECHO") && earlier.args().size() == 2
                                    && earlier.args().get(1).startsWith("pancake-monitor-mark-"))) {
                                out.add(earlier);
                            }
                        }
                        taken = i + 1;
                        return out;
                    }
                }
                long left = deadline - System.nanoTime();
                if (failure != null || left <= 0) {
                    throw new AssertionError("MONITOR did not show the marker " + token + " within " + MARK_TIMEOUT
                            + (failure == null ? "" : ": " + failure));
                }
                try {
                    seen.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted", e);
                }
            }
        }
    }

    private void read(InputStream in) {
        try {
            while (true) {
                Object line = RedisCli.read(in);
                Command c = parse(String.valueOf(line));
                if (c != null) {
                    synchronized (seen) {
                        seen.add(c);
                        seen.notifyAll();
                    }
                }
            }
        } catch (IOException e) {
            failure = e;
        } catch (RuntimeException e) {
            failure = new IOException(e);
        } finally {
            synchronized (seen) {
                seen.notifyAll();
            }
        }
    }

    /** {@code 1700000000.123456 [0 127.0.0.1:5432] "SET" "k" "v"}; null for anything else. */
    static Command parse(String line) {
        int open = line.indexOf('[');
        int close = line.indexOf(']', open + 1);
        if (open < 0 || close < 0) {
            return null;
        }
        String[] where = line.substring(open + 1, close).split(" ", 2);
        String client = where.length > 1 ? where[1] : where[0];
        List<String> args = new ArrayList<>();
        int i = close + 1;
        while (i < line.length()) {
            if (line.charAt(i) != '"') {
                i++;
                continue;
            }
            // Redis escapes each byte that is not printable ASCII as \xHH: collect bytes, then decode UTF-8
            java.io.ByteArrayOutputStream arg = new java.io.ByteArrayOutputStream();
            i++;
            while (i < line.length() && line.charAt(i) != '"') {
                char c = line.charAt(i);
                if (c == '\\' && i + 1 < line.length()) {
                    char n = line.charAt(++i);
                    switch (n) {
                        case 'n': arg.write('\n'); break;
                        case 'r': arg.write('\r'); break;
                        case 't': arg.write('\t'); break;
                        case 'a': arg.write(7); break;
                        case 'b': arg.write('\b'); break;
                        case 'x':
                            arg.write(Integer.parseInt(line.substring(i + 1, i + 3), 16));
                            i += 2;
                            break;
                        default: arg.write(n); break;
                    }
                } else {
                    byte[] bytes = String.valueOf(c).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                    arg.write(bytes, 0, bytes.length);
                }
                i++;
            }
            args.add(arg.toString(java.nio.charset.StandardCharsets.UTF_8));
            i++;
        }
        return args.isEmpty() ? null : new Command(client, List.copyOf(args));
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing is best effort
        }
    }
}
