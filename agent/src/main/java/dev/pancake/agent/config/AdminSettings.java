package dev.pancake.agent.config;

import java.util.List;

/**
 * {@code admin:}: the web admin page.
 *
 * @param token the bearer token that changes require, or null (then the page is read-only)
 * @param hosts host names the page answers to besides loopback names and {@code bind}
 *              (for a page reached under a DNS name)
 */
public record AdminSettings(int port, String bind, String token, List<String> hosts) {

    public static final String DEFAULT_BIND = "127.0.0.1";

    public AdminSettings {
        hosts = List.copyOf(hosts);
    }

    @Override
    public String toString() {
        return "admin on " + bind + ":" + port + (token == null ? " (read-only)" : " (token ***)")
                + (hosts.isEmpty() ? "" : " for " + hosts);
    }
}
