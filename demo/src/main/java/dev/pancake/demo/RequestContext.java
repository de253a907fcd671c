package dev.pancake.demo;

/**
 * Who the current request is for, as a web framework would keep it: set when a request starts, cleared when it ends.
 *
 * <p>pancake.yml names {@code CURRENT_USER} as the accessor of the group {@code user}
 * ({@code dev.pancake.demo.RequestContext#CURRENT_USER.id}), so the agent reads it on every gated call: per-user
 * overrides of the Flag BETA_SEARCH and the sticky Sample RECOMMENDATIONS follow the request's user.
 */
public final class RequestContext {

    /** A signed-in user; the demo takes the id from the request's {@code user} query parameter. */
    public record User(String id) {}

    /** The current request's user, or an empty ThreadLocal (no user: per-user overrides are skipped). */
    public static final ThreadLocal<User> CURRENT_USER = new ThreadLocal<>();

    private RequestContext() {}
}
