package dev.pancake.testkit;

import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A real Redis server for tests; they are never skipped for want of one. {@link #start()} finds one in this order:
 *
 * <ol>
 *   <li>{@code PANCAKE_TEST_REDIS_URL} (kind {@value #KIND_ENV}): that server, used as is. It is not ours, so
 *       {@link #stop()}, {@link #restart()}, {@link #pause()} and {@link #resume()} throw
 *       {@link UnsupportedOperationException}, and every {@code TestRedis} shares it: tests flush what they need.
 *   <li>{@code redis-server} on the PATH (kind {@value #KIND_REDIS_SERVER}), started on a free 127.0.0.1 port in a temp
 *       dir with {@code --save "" --appendonly no}.
 *   <li>the Redis binary shipped inside {@code com.github.codemonstur:embedded-redis} (kind {@value #KIND_EMBEDDED}),
 *       run the same way.
 *   <li>a {@code redis:7} container (kind {@value #KIND_TESTCONTAINERS}), only when Docker answers. Like the env kind,
 *       it cannot be stopped, restarted or paused.
 * </ol>
 *
 * If none works, {@code start()} throws {@link IllegalStateException} saying how to get one: tests are never skipped.
 *
 * <p>{@link #start(String...)} with server arguments skips the env and container kinds, which cannot take them.
 *
 * <p>Servers we start log to {@code workDir()/redis.log}. {@link #restart()} gives an empty server, since nothing is
 * persisted. Processes and temp dirs are also cleaned up when the JVM exits, so a forgotten {@link #close()} leaks
 * nothing past the test run. Instances are thread-safe.
 */
public final class TestRedis implements AutoCloseable {
    /** The environment variable naming an existing server to use instead of starting one. */
    public static final String URL_ENV = "PANCAKE_TEST_REDIS_URL";
    /** {@link #kind()} of a server given by {@value #URL_ENV}. */
    public static final String KIND_ENV = "env";
    /** {@link #kind()} of a {@code redis-server} from the PATH. */
    public static final String KIND_REDIS_SERVER = "redis-server";
    /** {@link #kind()} of the binary shipped by embedded-redis. */
    public static final String KIND_EMBEDDED = "embedded";
    /** {@link #kind()} of a Testcontainers container. */
    public static final String KIND_TESTCONTAINERS = "testcontainers";

    private static final Object SHARED_LOCK = new Object();
    private static TestRedis shared;

    private final String kind;
    private final String host;
    private final int port;
    private final String url;
    private final RedisCli cli;
    private final String password;
    private final Path workDir;
    private final RedisProcess server;
    private final AutoCloseable container;
    private volatile boolean isShared;
    private volatile boolean closed;
    private volatile String version;

    private TestRedis(String kind, String host, int port, String url, RedisCli cli, String password, Path workDir,
            RedisProcess server, AutoCloseable container) {
        this.kind = kind;
        this.host = host;
        this.port = port;
        this.url = url;
        this.cli = cli;
        this.password = password;
        this.workDir = workDir;
        this.server = server;
        this.container = container;
    }

    /** A fresh server, found in the order described on the class. */
    public static TestRedis start() {
        return discover(Sources.fromEnvironment());
    }

    /**
     * A fresh server that we start ourselves (kinds {@value #KIND_REDIS_SERVER} or {@value #KIND_EMBEDDED}) with extra
     * redis-server arguments after ours, for example {@code "--requirepass", "secret"} or TLS options. Do not move
     * {@code --port}: {@link #port()} stays the plain port we chose. A {@code --requirepass} is used by
     * {@link #command} and friends (see {@link #password()}).
     */
    public static TestRedis start(String... extraServerArgs) {
        return discover(Sources.fromEnvironment(), extraServerArgs);
    }

    /**
     * A fresh server from the Redis 6.2 binary that embedded-redis ships (kind {@value #KIND_EMBEDDED}), whatever else
     * is installed: for tests that must also pass on Redis 6.2, beside the usually newer {@link #start()}.
     */
    public static TestRedis startEmbedded(String... extraServerArgs) {
        return startProcess(KIND_EMBEDDED, EmbeddedRedisBinary.path(), List.of(extraServerArgs));
    }

    /**
     * One server for the whole test JVM, started on first use and stopped when the JVM exits, for tests that only need
     * "a Redis". Its {@link #close()} does nothing; do not stop, restart or pause it, and expect data of other tests
     * (use your own keys, or {@link #start()} a server of your own).
     */
    public static TestRedis shared() {
        synchronized (SHARED_LOCK) {
            if (shared == null) {
                TestRedis redis = start();
                redis.isShared = true;
                shared = redis;
            }
            return shared;
        }
    }

    /** Where the discovery looks: the real environment, or a made-up one in this module's tests. */
    record Sources(String envUrl, String path, boolean embedded, boolean containers) {
        static Sources fromEnvironment() {
            return new Sources(System.getenv(URL_ENV), System.getenv("PATH"), true, true);
        }
    }

    static TestRedis discover(Sources sources, String... extraServerArgs) {
        List<String> extra = List.of(extraServerArgs);
        boolean envSet = sources.envUrl() != null && !sources.envUrl().isBlank();
        if (envSet && extra.isEmpty()) {
            return connect(sources.envUrl().trim());
        }
        List<String> tried = new ArrayList<>();
        if (envSet) {
            tried.add(URL_ENV + " is set, but server arguments " + extra + " need a server that the tests start");
        }
        Path onPath = findOnPath("redis-server", sources.path());
        if (onPath == null) {
            tried.add("redis-server: not found on the PATH");
        } else {
            try {
                return startProcess(KIND_REDIS_SERVER, onPath, extra);
            } catch (RuntimeException e) {
                tried.add("redis-server at " + onPath + ": " + e.getMessage());
            }
        }
        if (sources.embedded()) {
            try {
                return reportFallback(startProcess(KIND_EMBEDDED, EmbeddedRedisBinary.path(), extra), tried);
            } catch (RuntimeException | LinkageError e) {
                tried.add("the embedded-redis binary: " + e.getMessage());
            }
        }
        if (!extra.isEmpty()) {
            tried.add("Testcontainers: not tried, it cannot take server arguments");
        } else if (sources.containers()) {
            try {
                return reportFallback(startContainer(), tried);
            } catch (RuntimeException | LinkageError e) {
                tried.add("Testcontainers: " + e.getMessage());
            }
        }
        throw new IllegalStateException("No Redis server for the tests (they need a real one and are never skipped)."
                + " Get one with either:\n"
                + "  - redis-server on the PATH, e.g. `sudo apt-get install redis-server` (Debian/Ubuntu)"
                + " or `brew install redis` (macOS), or\n"
                + "  - " + URL_ENV + "=redis://host:port pointing to a running server (tests may flush all its data).\n"
                + "Tried, in order:\n  - " + String.join("\n  - ", tried));
    }

    /** A redis-server that is installed but fails should not go unnoticed behind a working fallback. */
    private static TestRedis reportFallback(TestRedis redis, List<String> tried) {
        if (installedServerFailed(tried)) {
            System.err.println("[pancake-testkit] using " + redis + " because:\n  - " + String.join("\n  - ", tried));
        }
        return redis;
    }

    private static boolean installedServerFailed(List<String> tried) {
        return tried.stream().anyMatch(reason -> reason.startsWith("redis-server at "));
    }

    private static TestRedis connect(String url) {
        RedisCli cli;
        try {
            cli = RedisCli.forUrl(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(URL_ENV + " must look like redis://host:port, but is: " + url, e);
        }
        try {
            cli.call("PING");
        } catch (RuntimeException e) {
            throw new IllegalStateException(URL_ENV + "=" + url + ", but that server does not answer PING ("
                    + e.getMessage() + "). Start it, put its password in the URL (redis://:password@host:port), or"
                    + " unset " + URL_ENV + " to let the tests start their own Redis.", e);
        }
        URI uri = URI.create(url);
        int port = uri.getPort() < 0 ? 6379 : uri.getPort();
        return new TestRedis(KIND_ENV, uri.getHost(), port, url, cli, null, Reaper.tempDirectory("pancake-redis-"),
                null, null);
    }

    private static TestRedis startProcess(String kind, Path binary, List<String> extra) {
        return startProcess(kind, binary, List.of(), extra, "Ready to accept connections");
    }

    /**
     * A server of our own (redis-server from the PATH, else the embedded binary) with arguments before ours (a
     * config file) and a log line that says it is ready; for sentinels and cluster nodes.
     */
    static TestRedis startOwn(List<String> leading, List<String> extra, String readyMarker) {
        Path onPath = findOnPath("redis-server", System.getenv("PATH"));
        if (onPath != null) {
            return startProcess(KIND_REDIS_SERVER, onPath, leading, extra, readyMarker);
        }
        return startProcess(KIND_EMBEDDED, EmbeddedRedisBinary.path(), leading, extra, readyMarker);
    }

    /** A port that was free on 127.0.0.1 a moment ago, for example for {@code --tls-port}. */
    public static int freePort() {
        return RedisProcess.freePort();
    }

    private static TestRedis startProcess(String kind, Path binary, List<String> leading, List<String> extra,
            String readyMarker) {
        Path dir = Reaper.tempDirectory("pancake-redis-");
        try {
            RedisProcess process = RedisProcess.startOnFreePort(binary, leading, extra, readyMarker, dir);
            String password = requirePass(extra);
            RedisCli cli = new RedisCli("127.0.0.1", process.port()).withPassword(password);
            return new TestRedis(kind, "127.0.0.1", process.port(), "redis://127.0.0.1:" + process.port() + "/0", cli,
                    password, dir, process, null);
        } catch (RuntimeException e) {
            Reaper.delete(dir); // the message already carries the log's tail
            throw e;
        }
    }

    private static TestRedis startContainer() {
        if (!RedisContainers.dockerAvailable()) {
            throw new IllegalStateException("no Docker engine answers");
        }
        RedisContainers.Running running = RedisContainers.start();
        String host = running.host();
        int port = running.port();
        return new TestRedis(KIND_TESTCONTAINERS, host, port, "redis://" + host + ":" + port + "/0",
                new RedisCli(host, port), null, Reaper.tempDirectory("pancake-redis-"), null, running.container());
    }

    private static String requirePass(List<String> extra) {
        String password = null;
        for (int i = 0; i + 1 < extra.size(); i++) {
            if (extra.get(i).equalsIgnoreCase("--requirepass")) {
                password = extra.get(i + 1); // the last one wins, as in redis
            }
        }
        return password == null || password.isEmpty() ? null : password;
    }

    static Path findOnPath(String name, String pathVariable) {
        if (pathVariable == null) {
            return null;
        }
        for (String dir : pathVariable.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /** The server's URL: {@code redis://127.0.0.1:PORT/0} (no password), or {@value #URL_ENV} as given. */
    public String url() {
        return url;
    }

    /** The host to connect to. */
    public String host() {
        return host;
    }

    /** The (plain, non-TLS) port to connect to; the same after {@link #restart()}. */
    public int port() {
        return port;
    }

    /** The {@code --requirepass} given to {@link #start(String...)} (not part of {@link #url()}), or {@code null}. */
    public String password() {
        return password;
    }

    /** One of {@value #KIND_ENV}, {@value #KIND_REDIS_SERVER}, {@value #KIND_EMBEDDED}, {@value #KIND_TESTCONTAINERS}. */
    public String kind() {
        return kind;
    }

    /** The server's {@code redis_version} from {@code INFO server}, e.g. {@code "7.0.15"}. */
    public String version() {
        if (version == null) {
            String info = command("INFO", "server");
            version = info.lines()
                    .filter(line -> line.startsWith("redis_version:"))
                    .map(line -> line.substring("redis_version:".length()).trim())
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("INFO server has no redis_version:\n" + info));
        }
        return version;
    }

    /** A temp dir of this instance (the server's dir and {@code redis.log} for the kinds we start); deleted on close. */
    public Path workDir() {
        return workDir;
    }

    /** The client behind {@link #command}, to tune it, e.g. {@code cli().withTimeout(Duration.ofMillis(200))}. */
    public RedisCli cli() {
        return cli;
    }

    /** Sends one command over a new plain connection; see {@link RedisCli#command} for how replies are rendered. */
    public String command(String... args) {
        return cli.command(args);
    }

    /** {@code SET key value}. */
    public void set(String key, String value) {
        cli.set(key, value);
    }

    /** {@code GET key}, {@code null} if absent. */
    public String get(String key) {
        return cli.get(key);
    }

    /** {@code DEL keys...}. */
    public void del(String... keys) {
        cli.del(keys);
    }

    /** {@code SMEMBERS key}. */
    public Set<String> smembers(String key) {
        return cli.smembers(key);
    }

    /** {@code FLUSHALL}: empties every database of the server. */
    public void flushAll() {
        cli.command("FLUSHALL");
    }

    /**
     * Kills the server (SIGKILL, as in a crash or outage): connections break and new ones are refused. The port stays
     * this instance's for {@link #restart()}.
     */
    public void stop() {
        own("stop").stop();
    }

    /**
     * Starts the server again on the same port, with the same arguments and empty data (nothing is persisted). Stops
     * it first if it still runs. Returns once it accepts connections.
     */
    public void restart() {
        own("restart").restart();
    }

    /**
     * Freezes the server with SIGSTOP: connections are still accepted by the kernel, but no command is ever answered,
     * so clients hit their timeouts. Undo with {@link #resume()}.
     */
    public void pause() {
        own("pause").pause();
    }

    /** Lets a {@link #pause() paused} server run again (SIGCONT); it answers the commands that waited. */
    public void resume() {
        own("resume").resume();
    }

    /** Stops the server we started and deletes {@link #workDir()}. Does nothing for {@link #shared()}. Idempotent. */
    @Override
    public void close() {
        if (isShared || closed) {
            return;
        }
        closed = true;
        if (server != null) {
            server.stop();
        }
        if (container != null) {
            try {
                container.close();
            } catch (Exception e) {
                // Testcontainers' reaper removes the container anyway; failing a test over it would not help.
            }
        }
        Reaper.delete(workDir);
    }

    @Override
    public String toString() {
        return "TestRedis[" + kind + " " + host + ":" + port + (server == null ? "" : " pid " + server.pid()) + "]";
    }

    private RedisProcess own(String operation) {
        if (closed) {
            throw new IllegalStateException(operation + "(): this TestRedis is closed");
        }
        if (server == null) {
            String what = kind.equals(KIND_ENV) ? "the server given by " + URL_ENV
                    : "a Docker container (Testcontainers)";
            throw new UnsupportedOperationException(operation + "() needs a Redis that the tests start themselves,"
                    + " but this one is " + what + ". Install redis-server (e.g. `apt-get install redis-server`)"
                    + (kind.equals(KIND_ENV) ? " and unset " + URL_ENV : "") + " to run this test.");
        }
        return server;
    }
}
