package dev.pancake.testkit;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import javax.net.ssl.SSLSocketFactory;

/**
 * A tiny Redis client, "like redis-cli": one new connection per command, RESP2, plain {@link Socket}.
 *
 * <p>It deliberately shares no code with Jedis, so that tests can check what the agent wrote to Redis with an
 * independent client. It is immutable and thread-safe.
 *
 * <p>Replies are rendered as strings by {@link #command}: simple string and bulk string → their text, nil → {@code
 * null}, integer → its digits, array → {@code "[a, b]"} (nested arrays alike, nil elements as {@code null}). An error
 * reply throws {@link IllegalStateException} with the error text; a connection problem or timeout throws
 * {@link UncheckedIOException}.
 */
public final class RedisCli {
    /** Default connect and read timeout. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    private final String host;
    private final int port;
    private final String username;
    private final String password;
    private final int database;
    private final boolean tls;
    private final Duration timeout;

    /** A client for the server at {@code host:port}, database 0, no password. */
    public RedisCli(String host, int port) {
        this(host, port, null, null, 0, false, DEFAULT_TIMEOUT);
    }

    private RedisCli(String host, int port, String username, String password, int database, boolean tls,
            Duration timeout) {
        this.host = Objects.requireNonNull(host, "host");
        this.port = port;
        this.username = username;
        this.password = password;
        this.database = database;
        this.tls = tls;
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /**
     * A client for a Redis URL: {@code redis://[[user]:password@]host[:port][/db]}; {@code rediss://} connects with the
     * JVM's default TLS settings.
     *
     * @throws IllegalArgumentException if {@code url} is not such a URL
     */
    public static RedisCli forUrl(String url) {
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a Redis URL (expected redis://host:port/db): " + url, e);
        }
        String scheme = uri.getScheme();
        if (!"redis".equals(scheme) && !"rediss".equals(scheme) || uri.getHost() == null) {
            throw new IllegalArgumentException("not a Redis URL (expected redis://host:port/db): " + url);
        }
        String user = null;
        String pass = null;
        if (uri.getUserInfo() != null) {
            String info = uri.getUserInfo();
            int colon = info.indexOf(':');
            // "redis://secret@host" is how most clients spell a password without a user name.
            user = colon < 0 ? null : emptyToNull(info.substring(0, colon));
            pass = colon < 0 ? info : info.substring(colon + 1);
        }
        int db = 0;
        String path = uri.getPath();
        if (path != null && path.length() > 1) {
            try {
                db = Integer.parseInt(path.substring(1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("the path of a Redis URL must be a database number: " + url, e);
            }
        }
        return new RedisCli(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort(), user, pass, db,
                "rediss".equals(scheme), DEFAULT_TIMEOUT);
    }

    /** The same client with another connect and read timeout (for example a short one while the server is paused). */
    public RedisCli withTimeout(Duration newTimeout) {
        return new RedisCli(host, port, username, password, database, tls, newTimeout);
    }

    /** The same client authenticating with {@code AUTH password} (or no AUTH when {@code null}). */
    public RedisCli withPassword(String newPassword) {
        return new RedisCli(host, port, username, newPassword, database, tls, timeout);
    }

    /** The same client selecting another database. */
    public RedisCli withDatabase(int newDatabase) {
        return new RedisCli(host, port, username, password, newDatabase, tls, timeout);
    }

    /** Sends one command and returns its reply rendered as a string (see the class comment). */
    public String command(String... args) {
        return render(call(args));
    }

    /**
     * Sends one command and returns its reply as Java objects: {@code String} (simple and bulk strings),
     * {@code Long}, {@code List<Object>} or {@code null}.
     */
    public Object call(String... args) {
        if (args.length == 0) {
            throw new IllegalArgumentException("a Redis command needs at least its name");
        }
        int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        try (Socket socket = tls ? SSLSocketFactory.getDefault().createSocket() : new Socket()) {
            socket.connect(new InetSocketAddress(host, port), millis);
            socket.setSoTimeout(millis);
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            if (password != null) {
                roundTrip(out, in, username == null ? new String[] {"AUTH", password}
                        : new String[] {"AUTH", username, password});
            }
            if (database != 0) {
                roundTrip(out, in, "SELECT", Integer.toString(database));
            }
            return roundTrip(out, in, args);
        } catch (IOException e) {
            throw new UncheckedIOException("Redis at " + host + ":" + port + " did not answer " + args[0] + ": " + e, e);
        }
    }

    /** {@code SET key value}. */
    public void set(String key, String value) {
        command("SET", key, value);
    }

    /** {@code GET key}; {@code null} when the key does not exist. */
    public String get(String key) {
        return command("GET", key);
    }

    /** {@code DEL keys...}; does nothing when no key is given. */
    public void del(String... keys) {
        if (keys.length == 0) {
            return;
        }
        String[] args = new String[keys.length + 1];
        args[0] = "DEL";
        System.arraycopy(keys, 0, args, 1, keys.length);
        command(args);
    }

    /** {@code SMEMBERS key}, as an unmodifiable set (empty when the key does not exist). */
    public Set<String> smembers(String key) {
        Object reply = call("SMEMBERS", key);
        if (!(reply instanceof List)) {
            throw new IllegalStateException("SMEMBERS " + key + " returned " + render(reply) + ", not an array");
        }
        Set<String> members = new LinkedHashSet<>();
        for (Object member : (List<?>) reply) {
            members.add((String) member);
        }
        return Collections.unmodifiableSet(members);
    }

    @Override
    public String toString() {
        return "RedisCli[" + (tls ? "rediss" : "redis") + "://" + host + ":" + port + "/" + database + "]";
    }

    static Object roundTrip(OutputStream out, InputStream in, String... args) throws IOException {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (String arg : args) {
            byte[] bytes = Objects.requireNonNull(arg, "Redis command arguments must not be null")
                    .getBytes(StandardCharsets.UTF_8);
            request.writeBytes(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            request.writeBytes(bytes);
            request.writeBytes(new byte[] {'\r', '\n'});
        }
        out.write(request.toByteArray());
        out.flush();
        return read(in);
    }

    static Object read(InputStream in) throws IOException {
        int type = in.read();
        if (type == -1) {
            throw new EOFException("connection closed before a reply");
        }
        String line = readLine(in);
        switch (type) {
            case '+':
                return line;
            case '-':
                throw new IllegalStateException(line);
            case ':':
                return Long.parseLong(line);
            case '$': {
                int length = Integer.parseInt(line);
                if (length < 0) {
                    return null;
                }
                byte[] bytes = in.readNBytes(length);
                if (bytes.length < length || in.read() != '\r' || in.read() != '\n') {
                    throw new EOFException("connection closed inside a bulk string");
                }
                return new String(bytes, StandardCharsets.UTF_8);
            }
            case '*': {
                int count = Integer.parseInt(line);
                if (count < 0) {
                    return null;
                }
                List<Object> items = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    try {
                        items.add(read(in));
                    } catch (IllegalStateException error) {
                        // An error inside an array (EXEC) is data, not a failure of the command itself.
                        items.add("(error) " + error.getMessage());
                    }
                }
                return items;
            }
            default:
                throw new IOException("not a RESP2 reply: type byte " + type + " followed by '" + line + "'");
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int previous = -1;
        for (int b = in.read(); b != -1; b = in.read()) {
            if (previous == '\r' && b == '\n') {
                byte[] bytes = line.toByteArray();
                return new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
            }
            line.write(b);
            previous = b;
        }
        throw new EOFException("connection closed inside a reply");
    }

    private static String render(Object reply) {
        if (reply instanceof List) {
            return ((List<?>) reply).stream().map(RedisCli::render).collect(Collectors.joining(", ", "[", "]"));
        }
        return reply == null ? null : reply.toString();
    }

    private static String emptyToNull(String s) {
        return s.isEmpty() ? null : s;
    }
}
