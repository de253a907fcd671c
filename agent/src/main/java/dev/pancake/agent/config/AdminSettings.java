package dev.pancake.agent.config;

import java.util.List;
import java.util.Map;

/**
 * {@code admin:}: the web admin page.
 *
 * @param token  {@code admin.token}: a bearer token that changes accept, or null
 * @param hosts  host names the page answers to besides loopback names and {@code bind}
 *               (for a page reached under a DNS name)
 * @param tokens {@code admin.tokens}: named bearer tokens ({@code alice: ...}), the name being
 *               the {@code actor} of the changes made with it in the history
 */
public record AdminSettings(int port, String bind, String token, List<String> hosts, Map<String, String> tokens) {

    public static final String DEFAULT_BIND = "127.0.0.1";

    /** The actor of changes made with the unnamed {@code admin.token}. */
    public static final String UNNAMED = "admin";

    public AdminSettings {
        hosts = List.copyOf(hosts);
        tokens = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(tokens));
    }

    public AdminSettings(int port, String bind, String token, List<String> hosts) {
        this(port, bind, token, hosts, Map.of());
    }

    /** Every token that changes accept, by the actor it stands for; empty when the page is read-only. */
    public Map<String, String> accepted() {
        Map<String, String> all = new java.util.LinkedHashMap<>(tokens);
        if (token != null) {
            all.putIfAbsent(UNNAMED, token);
        }
        return all;
    }

    /** True when no token is set: nobody may change flags through the page. */
    public boolean readOnly() {
        return token == null && tokens.isEmpty();
    }

    @Override
    public String toString() {
        return "admin on " + bind + ":" + port + (readOnly() ? " (read-only)" : " (" + accepted().size() + " token(s) ***)")
                + (hosts.isEmpty() ? "" : " for " + hosts);
    }
}
