package dev.pancake.agent.config;

/**
 * {@code admin:}: the web admin page.
 *
 * @param token the bearer token that changes require, or null (then the page is read-only)
 */
public record AdminSettings(int port, String bind, String token) {

    public static final String DEFAULT_BIND = "127.0.0.1";

    @Override
    public String toString() {
        return "admin on " + bind + ":" + port + (token == null ? " (read-only)" : " (token ***)");
    }
}
