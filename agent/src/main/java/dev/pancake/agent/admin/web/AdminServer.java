package dev.pancake.agent.admin.web;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.pancake.agent.admin.OperatorViews;
import dev.pancake.agent.config.AdminSettings;
import dev.pancake.agent.config.GroupDef;
import dev.pancake.agent.engine.Engine;
import dev.pancake.agent.log.Log;
import dev.pancake.agent.store.StoreException;

/**
 * The admin page, served by the agent's own small HTTP server ({@link HttpListener}) while
 * pancake.yml has an {@code admin:} section: {@code GET /} (HTML), {@code GET /status} (JSON) and
 * {@code POST /api/command} (a change, with {@code Authorization: Bearer <admin.token>}). It answers
 * only to its own host names ({@link AllowedHosts}).
 *
 * <p>It follows pancake.yml: flags and the token are read per request, and a reload that changes
 * {@code admin.port} or {@code admin.bind} (or adds or removes the section) moves, starts or stops
 * the server; a new {@code admin.hosts} applies at once. Everything runs on daemon threads,
 * started off the application's threads: the server never keeps the JVM alive, never delays
 * start-up, and a failure (a port in use) is one log line, with the application running on.
 */
public final class AdminServer {

    private final Engine engine;
    private final OperatorViews views;
    /** One thread that starts, moves and stops the server, and ends while there is nothing to do. */
    private final ExecutorService lifecycle = new ThreadPoolExecutor(0, 1, 10, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(), daemon("pancake-admin"));

    /** Touched on the lifecycle thread only. */
    private HttpListener server;
    private AdminSettings listening;

    private AdminServer(Engine engine, OperatorViews views) {
        this.engine = engine;
        this.views = views;
    }

    /** Starts the page in the background if pancake.yml asks for it; never blocks, never throws. */
    public static AdminServer start(Engine engine) {
        return start(engine, new OperatorViews(engine, null));
    }

    /** {@link #start(Engine)}, with the history, fleet and clean-up panels from {@code views}. */
    public static AdminServer start(Engine engine, OperatorViews views) {
        AdminServer admin = new AdminServer(engine, views);
        if (engine.config().admin() != null) {
            admin.reconfigure();
        }
        return admin;
    }

    /** Follows the admin section of the configuration now in force (after a reload). */
    public void reconfigure() {
        try {
            lifecycle.execute(new Runnable() {
                @Override
                public void run() {
                    follow();
                }
            });
        } catch (RuntimeException e) {
            Log.error("admin page: " + e);
        }
    }

    /** The tokens that changes accept, by name, read live so an edited token applies at once; empty when read-only. */
    static java.util.Map<String, String> tokens(Engine engine) {
        AdminSettings a = engine.config().admin();
        return a == null ? java.util.Map.of() : a.accepted();
    }

    /** True when no token is set: the page cannot change flags. */
    static boolean readOnly(Engine engine) {
        return tokens(engine).isEmpty();
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
            prepare();
            InetSocketAddress address = new InetSocketAddress(InetAddress.getByName(settings.bind()), settings.port());
            server = HttpListener.open(address, this::handle, "pancake-admin-http");
            listening = settings;
            InetSocketAddress bound = server.address();
            String url = url(bound);
            if (settings.port() == 0) {
                Log.info("admin page on " + url);
            } else {
                Log.debug("admin page on " + url);
            }
            if (!bound.getAddress().isLoopbackAddress() && settings.readOnly()) {
                String hostPort = (settings.bind().contains(":") ? "[" + settings.bind() + "]" : settings.bind()) + ":"
                        + bound.getPort();
                Log.once(Log.Level.WARN, "admin:open:" + hostPort, "admin page on " + hostPort + " is reachable from"
                        + " other machines and has no admin.token in " + engine.config().source() + ": anyone who can"
                        + " reach it reads every flag, group id and method name; bind it to 127.0.0.1, or put it behind"
                        + " an authenticating proxy and set admin.token");
            }
        } catch (IOException | RuntimeException e) {
            close();
            Log.error("admin page: cannot listen on " + where + " (" + e.getMessage() + "); the page is off until"
                    + " admin: in " + engine.config().source() + " changes");
        }
    }

    private void close() {
        if (server != null) {
            server.close();
            Log.debug("admin page stopped on " + url(server.address()));
        }
        server = null;
        listening = null;
    }

    static String url(InetSocketAddress address) {
        String host = address.getAddress().getHostAddress();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort() + "/";
    }

    // ---- requests

    private Response handle(Request request) {
        try {
            AdminSettings settings = engine.config().admin();
            if (settings == null) {
                return Response.error(503, "the admin page is being turned off");
            }
            if (!AllowedHosts.allows(request.header("host"), settings)) {
                // a name that is not the page's own: a web site that points its name at this address (DNS rebinding)
                Log.once(Log.Level.WARN, "admin:host", "admin page: refused a request for the host "
                        + AllowedHosts.quote(request.header("host")) + ", which admin.hosts in "
                        + engine.config().source() + " does not list (said once)");
                return Response.error(403, "this page answers only to its own host names: localhost, loopback"
                        + " addresses, its bind address and the names in admin.hosts in " + engine.config().source());
            }
            switch (request.path) {
                case "/":
                    return allow(request, "GET") ? page() : notAllowed(request, "GET");
                case "/status":
                    return allow(request, "GET") ? Response.json(200, StatusJson.render(engine))
                            : notAllowed(request, "GET");
                case "/metrics":
                    return allow(request, "GET") ? Response.prometheus(PrometheusText.render(engine))
                            : notAllowed(request, "GET");
                case "/api/command":
                    return allow(request, "POST") ? command(request) : notAllowed(request, "POST");
                default:
                    return Response.error(404, "no such page: the admin page has /, /status, /metrics and POST"
                            + " /api/command");
            }
        } catch (RuntimeException e) {
            Log.once(Log.Level.ERROR, "admin:" + e.getClass().getName(), "admin page: a request failed: " + e);
            return Response.error(500, "the agent failed: " + e);
        }
    }

    private static boolean allow(Request request, String method) {
        return request.method.equals(method);
    }

    private static Response notAllowed(Request request, String allowed) {
        return Response.error(405, request.path + " takes " + allowed).header("Allow", allowed);
    }

    /** How many entries the page reads, for the overall panel and each flag's. */
    private static final int HISTORY_READ = 200;
    /** The clean-up panel's N days (the CLI's {@code stale} default). */
    private static final int STALE_DAYS = 30;

    private Response page() {
        byte[] nonceBytes = new byte[18];
        Nonces.RANDOM.nextBytes(nonceBytes);
        String nonce = Base64.getEncoder().encodeToString(nonceBytes);
        List<String> groups = new ArrayList<>();
        for (GroupDef g : engine.config().groups()) {
            groups.add(g.name());
        }
        OverviewPage.Header header = new OverviewPage.Header(engine.store().describe(), engine.storeUp(),
                engine.storeProblem(), engine.config().namespace(), engine.config().source(), readOnly(engine));
        FleetPanels.Panels panels = new FleetPanels.Panels(views.history(null, HISTORY_READ), views.instances(),
                views.stale(STALE_DAYS), STALE_DAYS);
        String html = OverviewPage.render(header, engine.reports(), groups, nonce, panels);
        return Response.html(html).header("Content-Security-Policy", "default-src 'none'; script-src 'nonce-" + nonce
                + "'; style-src 'nonce-" + nonce + "'; connect-src 'self'; img-src 'self' data:; base-uri 'none';"
                + " form-action 'none'; frame-ancestors 'none'");
    }

    private Response command(Request request) {
        BearerToken.Result who = BearerToken.checkNamed(tokens(engine), request.header("authorization"));
        switch (who.verdict()) {
            case NOT_CONFIGURED:
                return Response.error(403, "changes are disabled: admin.token is not set in " + engine.config().source());
            case MISSING:
                return Response.error(401, "changes need the header Authorization: Bearer <admin.token>; type the token"
                        + " into the page").header("WWW-Authenticate", "Bearer realm=\"pancake\"");
            case WRONG:
                return Response.error(403, "the token is wrong");
            default:
                break;
        }
        try {
            CommandRequest command = CommandRequest.parse(new String(request.body, StandardCharsets.UTF_8));
            return Response.json(200, StatusJson.message("message", command.run(engine, who.name())));
        } catch (IllegalArgumentException e) {
            return Response.error(400, e.getMessage());
        } catch (StoreException e) {
            return Response.error(503, e.getMessage());
        }
    }

    /**
     * Loads and initialises now, while the JVM has file descriptors to spare, everything that a
     * request needs: the page's classes, Gson, SHA-256 and the security providers, the nonces'
     * SecureRandom. Loaded lazily during a flood of connections (by anyone), some of these fail
     * for good: a class whose initialisation fails stays unusable, and so can a provider.
     */
    private void prepare() {
        Nonces.RANDOM.nextBytes(new byte[18]);
        BearerToken.check("prepare-the-digest", "Bearer prepare-the-digest");
        try {
            CommandRequest.parse("{}");
        } catch (IllegalArgumentException expected) {
            // an empty command: what matters is that its classes are loaded
        }
        String[] heads = {"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", "GET /status HTTP/1.1\r\nHost: localhost\r\n\r\n",
            "GET /metrics HTTP/1.1\r\nHost: localhost\r\n\r\n", "POST /api/command HTTP/1.1\r\nHost: [::1]\r\nContent-Length: 2\r\n\r\n", "GET /no HTTP/1.0\r\n\r\n"};
        for (String head : heads) {
            try {
                byte[] bytes = head.getBytes(StandardCharsets.ISO_8859_1);
                Request r = Request.parseHead(bytes, bytes.length);
                r.body = "{}".getBytes(StandardCharsets.UTF_8);
                handle(r).bytes(r.lastOnConnection());
                r.contentLength();
            } catch (Request.Refused e) {
                throw new IllegalStateException("the admin page cannot parse its own request " + head, e);
            }
        }
    }

    /** Seeded when the page starts ({@link #prepare}). */
    private static final class Nonces {
        static final SecureRandom RANDOM = new SecureRandom();
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return new ThreadFactory() {
            @Override
            public Thread newThread(Runnable r) {
                Thread t = new Thread(r, n.incrementAndGet() == 1 ? name : name + "-" + n.get());
                t.setDaemon(true);
                return t;
            }
        };
    }
}
