package dev.pancake.agent.admin.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.pancake.agent.config.AdminSettings;
import dev.pancake.agent.config.Secrets;
import dev.pancake.agent.config.GroupDef;
import dev.pancake.agent.engine.Engine;
import dev.pancake.agent.log.Log;
import dev.pancake.agent.store.StoreException;

/**
 * The admin page, served by the JDK's HTTP server while pancake.yml has an {@code admin:} section:
 * {@code GET /} (HTML), {@code GET /status} (JSON) and {@code POST /api/command} (a change, with
 * {@code Authorization: Bearer <admin.token>}).
 *
 * <p>It follows pancake.yml: flags and the token are read per request, and a reload that changes
 * {@code admin.port} or {@code admin.bind} (or adds or removes the section) moves, starts or stops
 * the server. Everything runs on daemon threads, started off the application's threads: the
 * server never keeps the JVM alive, never delays start-up, and a failure (a port in use) is one
 * log line, with the application running on.
 */
public final class AdminServer {

    private static final int MAX_BODY = 16 * 1024;

    private final Engine engine;
    /** One thread that starts, moves and stops the server, and ends while there is nothing to do. */
    private final ExecutorService lifecycle = new ThreadPoolExecutor(0, 1, 10, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(), daemon("pancake-admin"));

    /** Touched on the lifecycle thread only. */
    private HttpServer server;
    private AdminSettings listening;
    private ExecutorService handlers;

    private AdminServer(Engine engine) {
        this.engine = engine;
    }

    /** Starts the page in the background if pancake.yml asks for it; never blocks, never throws. */
    public static AdminServer start(Engine engine) {
        AdminServer admin = new AdminServer(engine);
        if (engine.config().admin() != null) {
            admin.reconfigure();
        }
        return admin;
    }

    /** Follows the admin section of the configuration now in force (after a reload). */
    public void reconfigure() {
        try {
            lifecycle.execute(this::follow);
        } catch (RuntimeException e) {
            Log.error("admin page: " + e);
        }
    }

    /** The token that changes need, read live so an edited token applies at once; null when read-only. */
    static String token(Engine engine) {
        AdminSettings a = engine.config().admin();
        return a == null ? null : a.token();
    }

    private void follow() {
        AdminSettings wanted = engine.config().admin();
        if (wanted != null && listening != null && wanted.port() == listening.port()
                && Objects.equals(wanted.bind(), listening.bind())) {
            return;
        }
        close();
        if (wanted != null) {
            listen(wanted);
        }
    }

    private void listen(AdminSettings settings) {
        String where = settings.bind() + ":" + settings.port();
        try {
            InetSocketAddress address = new InetSocketAddress(InetAddress.getByName(settings.bind()), settings.port());
            HttpServer s = HttpServer.create(address, 16);
            handlers = Executors.newFixedThreadPool(2, daemon("pancake-admin-http"));
            s.setExecutor(handlers);
            boolean loopback = address.getAddress().isLoopbackAddress();
            s.createContext("/", exchange -> handle(exchange, loopback));
            s.start(); // the dispatcher thread is a daemon: it inherits that from this thread
            server = s;
            listening = settings;
            String url = url(s.getAddress());
            if (settings.port() == 0) {
                Log.info("admin page on " + url);
            } else {
                Log.debug("admin page on " + url);
            }
        } catch (IOException | RuntimeException e) {
            close();
            Log.error("admin page: cannot listen on " + where + " (" + e.getMessage() + "); the page is off until"
                    + " admin: in " + engine.config().source() + " changes");
        }
    }

    private void close() {
        if (server != null) {
            server.stop(0);
            Log.debug("admin page stopped on " + url(server.getAddress()));
        }
        if (handlers != null) {
            handlers.shutdownNow();
        }
        server = null;
        handlers = null;
        listening = null;
    }

    static String url(InetSocketAddress address) {
        String host = address.getAddress().getHostAddress();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort() + "/";
    }

    // ---- requests

    private void handle(HttpExchange exchange, boolean loopback) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (loopback && !loopbackHost(exchange.getRequestHeaders().getFirst("Host"))) {
                // a page bound to loopback is not for other hosts' names: stops DNS rebinding
                json(exchange, 403, StatusJson.message("error", "this page answers only to a loopback host name"));
                return;
            }
            switch (path) {
                case "/":
                    if (allow(exchange, method, "GET")) {
                        page(exchange);
                    }
                    break;
                case "/status":
                    if (allow(exchange, method, "GET")) {
                        json(exchange, 200, StatusJson.render(engine));
                    }
                    break;
                case "/api/command":
                    if (allow(exchange, method, "POST")) {
                        command(exchange);
                    }
                    break;
                default:
                    json(exchange, 404, StatusJson.message("error", "no such page: the admin page has /, /status and"
                            + " POST /api/command"));
                    break;
            }
        } catch (RuntimeException e) {
            Log.once(Log.Level.ERROR, "admin:" + e.getClass().getName(), "admin page: a request failed: " + e);
            try {
                json(exchange, 500, StatusJson.message("error", "the agent failed: " + e));
            } catch (IOException | RuntimeException ignored) {
                // the response was already under way
            }
        }
    }

    static boolean loopbackHost(String host) {
        if (host == null) {
            return true; // HTTP/1.0 names no host
        }
        String name = host.trim();
        int colon = name.lastIndexOf(':');
        if (colon > name.lastIndexOf(']')) {
            name = name.substring(0, colon);
        }
        return Hosts.LOOPBACK.matcher(name).matches();
    }

    private static boolean allow(HttpExchange exchange, String method, String allowed) throws IOException {
        if (method.equals(allowed)) {
            return true;
        }
        exchange.getResponseHeaders().set("Allow", allowed);
        json(exchange, 405, StatusJson.message("error", exchange.getRequestURI().getPath() + " takes " + allowed));
        return false;
    }

    private void page(HttpExchange exchange) throws IOException {
        byte[] nonceBytes = new byte[18];
        Nonces.RANDOM.nextBytes(nonceBytes);
        String nonce = Base64.getEncoder().encodeToString(nonceBytes);
        List<String> groups = new ArrayList<>();
        for (GroupDef g : engine.config().groups()) {
            groups.add(g.name());
        }
        OverviewPage.Header header = new OverviewPage.Header(engine.store().describe(), engine.storeUp(),
                engine.storeProblem(), engine.config().namespace(), engine.config().source(), token(engine) == null);
        String html = OverviewPage.render(header, engine.reports(), groups, nonce);
        exchange.getResponseHeaders().set("Content-Security-Policy", "default-src 'none'; script-src 'nonce-" + nonce
                + "'; style-src 'nonce-" + nonce + "'; connect-src 'self'; img-src 'self' data:; base-uri 'none';"
                + " form-action 'none'; frame-ancestors 'none'");
        send(exchange, 200, "text/html; charset=utf-8", html);
    }

    private void command(HttpExchange exchange) throws IOException {
        String configured = token(engine);
        switch (BearerToken.check(configured, exchange.getRequestHeaders().getFirst("Authorization"))) {
            case NOT_CONFIGURED:
                json(exchange, 403, StatusJson.message("error", "changes are disabled: admin.token is not set in "
                        + engine.config().source()));
                return;
            case MISSING:
                exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"pancake\"");
                json(exchange, 401, StatusJson.message("error", "changes need the header Authorization: Bearer"
                        + " <admin.token>; type the token into the page"));
                return;
            case WRONG:
                json(exchange, 403, StatusJson.message("error", "the token is wrong"));
                return;
            default:
                break;
        }
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readNBytes(MAX_BODY + 1);
        }
        if (body.length > MAX_BODY) {
            json(exchange, 413, StatusJson.message("error", "the body is larger than " + MAX_BODY + " bytes"));
            return;
        }
        try {
            CommandRequest request = CommandRequest.parse(new String(body, StandardCharsets.UTF_8));
            json(exchange, 200, StatusJson.message("message", request.run(engine)));
        } catch (IllegalArgumentException e) {
            json(exchange, 400, StatusJson.message("error", e.getMessage()));
        } catch (StoreException e) {
            json(exchange, 503, StatusJson.message("error", e.getMessage()));
        }
    }

    private static void json(HttpExchange exchange, int status, String body) throws IOException {
        send(exchange, status, "application/json; charset=utf-8", body);
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = Secrets.scrub(body).getBytes(StandardCharsets.UTF_8);
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Type", type);
        headers.set("Cache-Control", "no-store");
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("Referrer-Policy", "no-referrer");
        headers.set("X-Frame-Options", "DENY");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Compiled on the first request, not at start-up. */
    private static final class Hosts {
        static final Pattern LOOPBACK = Pattern.compile(
                "(?i)localhost|127(\\.\\d{1,3}){3}|\\[::1\\]|\\[0*:(0*:){0,6}0*1\\]");
    }

    /** Seeded on the first page served, not at start-up. */
    private static final class Nonces {
        static final SecureRandom RANDOM = new SecureRandom();
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, n.incrementAndGet() == 1 ? name : name + "-" + n.get());
            t.setDaemon(true);
            return t;
        };
    }
}
