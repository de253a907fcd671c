package dev.pancake.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/** Talks to the admin page of an {@link AgentApp} as curl would. */
final class AdminHttp {

    static final String TOKEN = "s3cret-admin-token";
    private static final Pattern ANNOUNCED = Pattern.compile("admin page on (http://\\S+)");
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private AdminHttp() {}

    /** The page's URL, from the line the agent logs when it listens on port 0. */
    static String url(AgentApp app) {
        Matcher m = ANNOUNCED.matcher(app.jvm().awaitStderr(ANNOUNCED, AgentApp.TIMEOUT));
        if (!m.find()) {
            throw new AssertionError("no URL in the admin page's announcement");
        }
        return m.group(1);
    }

    static HttpResponse<String> get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET());
    }

    /** POST /api/command with this JSON body and, unless null, {@code Authorization: Bearer token}. */
    static HttpResponse<String> command(String url, String token, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + "api/command"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return send(b);
    }

    static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return CLIENT.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The flags of GET /status. */
    static JsonArray flags(String url) {
        HttpResponse<String> r = get(url + "status");
        if (r.statusCode() != 200) {
            throw new AssertionError("GET /status answered " + r.statusCode() + ": " + r.body());
        }
        return JsonParser.parseString(r.body()).getAsJsonObject().getAsJsonArray("flags");
    }

    /** One flag of GET /status, by name and type. */
    static JsonObject flag(String url, String name, String type) {
        for (JsonElement e : flags(url)) {
            JsonObject f = e.getAsJsonObject();
            if (f.get("name").getAsString().equals(name) && f.get("type").getAsString().equals(type)) {
                return f;
            }
        }
        throw new AssertionError("GET /status has no " + type + " " + name + ": " + flags(url));
    }

    /** The error or message of a JSON answer. */
    static String text(HttpResponse<String> r) {
        JsonObject o = JsonParser.parseString(r.body()).getAsJsonObject();
        return o.has("error") ? o.get("error").getAsString() : o.get("message").getAsString();
    }

    /** Polls until the condition holds, or fails with the last state. */
    static void await(String what, java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + AgentApp.TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
