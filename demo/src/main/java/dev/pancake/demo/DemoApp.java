package dev.pancake.demo;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.pancake.FeatureDisabledException;

/**
 * The Pancake demo: a tiny shop on the JDK's HttpServer whose endpoints are gated by feature flags. Run it under the
 * agent ({@code java -javaagent:agent/target/pancake-agent.jar -Dpancake.config=demo/pancake.yml
 * -jar demo/target/pancake-demo.jar}), open {@code http://localhost:8080/} and flip the flags.
 *
 * <p>Settings: the port from {@code -Dport} or the environment variable {@code PORT} (default 8080; 0 picks a free
 * one), the address to listen on from {@code -Dbind} or {@code BIND} (default 127.0.0.1).
 */
public final class DemoApp {

    /** A plain-text page for a request's path and decoded query parameters. */
    @FunctionalInterface
    interface Page {
        String render(String path, Map<String, String> query);
    }

    private DemoApp() {}

    public static void main(String[] args) {
        String bind = setting("bind", "BIND", "127.0.0.1");
        int port = port(setting("port", "PORT", "8080"));
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(bind, port), 0);
        } catch (IOException | RuntimeException e) {
            exit(1, "cannot listen on " + bind + ":" + port + ": " + e.getMessage()
                    + " (choose another port with PORT=... or -Dport=...)");
            return;
        }
        String url = "http://" + (List.of("127.0.0.1", "0.0.0.0", "::").contains(bind) ? "localhost" : bind) + ":"
                + server.getAddress().getPort();

        Shop shop = new Shop();
        FlagEndpoints flags = new FlagEndpoints();
        route(server, "GET", "/", (path, query) -> Index.text(url));
        route(server, "GET", "/checkout", (path, query) -> shop.checkout());
        route(server, "GET", "/banner", (path, query) -> shop.banner().orElse(""));
        route(server, "GET", "/search", (path, query) -> shop.search(query.getOrDefault("q", "pancakes")));
        route(server, "GET", "/recommendations", (path, query) -> recommendations(shop.recommendations()));
        route(server, "GET", "/gift-cards", (path, query) -> shop.giftCards());
        route(server, "POST", "/flags/switches/", flags::switches);
        route(server, "POST", "/flags/flags/", flags::flags);
        route(server, "POST", "/flags/samples/", flags::samples);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
        System.out.println("Pancake demo listening on " + url);
    }

    private static String recommendations(List<String> items) {
        return items.isEmpty() ? "No recommendations for you today." : "Recommended for you: " + String.join(", ", items);
    }

    /**
     * Serves {@code page} at {@code path} (or below it, when {@code path} ends with '/'). Like a servlet filter, it
     * puts the request's {@code ?user=} into {@link RequestContext} for the duration of the request: that is where
     * pancake.yml's accessor finds the user of per-user flags. Exceptions become HTTP statuses: a feature that is off
     * with {@code fallback: throw} is 404 Not Found.
     */
    private static void route(HttpServer server, String method, String path, Page page) {
        server.createContext(path, exchange -> {
            String requested = exchange.getRequestURI().getPath();
            boolean below = path.endsWith("/") && !path.equals("/");
            if (below ? requested.length() <= path.length() : !requested.equals(path)) {
                send(exchange, 404, "No page " + requested + " here; GET / lists the pages.");
                return;
            }
            if (!exchange.getRequestMethod().equals(method)) {
                exchange.getResponseHeaders().set("Allow", method);
                send(exchange, 405, requested + " answers " + method + " requests only.");
                return;
            }
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            String user = query.get("user");
            RequestContext.CURRENT_USER.set(user == null || user.isBlank() ? null : new RequestContext.User(user));
            try {
                send(exchange, 200, page.render(requested, query));
            } catch (FeatureDisabledException e) {
                send(exchange, 404, "Not found: " + e.getMessage() + ".");
            } catch (IllegalArgumentException e) {
                send(exchange, 400, e.getMessage());
            } catch (IllegalStateException e) { // the agent is not attached, or Redis cannot be reached
                send(exchange, 503, e.getMessage());
            } catch (RuntimeException e) {
                send(exchange, 500, e.toString());
            } finally {
                RequestContext.CURRENT_USER.remove(); // pooled threads serve other users next
            }
        });
    }

    private static void send(HttpExchange exchange, int status, String text) throws IOException {
        byte[] body = (text.isEmpty() ? "" : text + "\n").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                String key = eq < 0 ? pair : pair.substring(0, eq);
                String value = eq < 0 ? "" : pair.substring(eq + 1);
                query.put(URLDecoder.decode(key, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
            }
        }
        return query;
    }

    private static String setting(String property, String variable, String fallback) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(variable);
        }
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    private static int port(String text) {
        try {
            int port = Integer.parseInt(text);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        exit(2, "the port (-Dport or PORT) must be a number from 0 to 65535, got \"" + text + "\"");
        return -1;
    }

    private static void exit(int status, String message) {
        System.err.println("pancake-demo: " + message);
        System.exit(status);
    }
}
