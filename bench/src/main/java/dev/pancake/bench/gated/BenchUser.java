package dev.pancake.bench.gated;

/**
 * The request context of the benchmarked application: the current user in a {@code ThreadLocal}, as a web framework
 * would hold it. The benchmarks' pancake.yml reads it with {@code user: dev.pancake.bench.gated.BenchUser#CURRENT.id}.
 */
public final class BenchUser {

    /** A user record, as an application would model one. */
    public record User(String id, String name) {}

    public static final ThreadLocal<User> CURRENT = new ThreadLocal<>();

    private BenchUser() {}

    /** Makes {@code id} the current thread's user. */
    public static void login(String id) {
        CURRENT.set(new User(id, "user " + id));
    }
}
