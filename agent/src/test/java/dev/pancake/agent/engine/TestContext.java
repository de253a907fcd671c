package dev.pancake.agent.engine;

/** What group accessors read in the engine tests: every accessor shape pancake.yml allows. */
public final class TestContext {

    /** A user as an application would model one. */
    public record User(String id, Account account) {}

    /** Reached through a getter chain. */
    public static final class Account {
        public final String region;
        private final Long number;

        public Account(String region, Long number) {
            this.region = region;
            this.number = number;
        }

        public Long getNumber() {
            return number;
        }
    }

    public static final ThreadLocal<String> USER = new ThreadLocal<>();
    public static final ThreadLocal<User> CURRENT = new ThreadLocal<>();
    static volatile String tenant;
    public static volatile String plainField;
    static volatile RuntimeException failure;

    private TestContext() {}

    public static String tenant() {
        return tenant;
    }

    public static java.util.Optional<User> maybeUser() {
        return java.util.Optional.ofNullable(CURRENT.get());
    }

    public static String failing() {
        RuntimeException f = failure;
        if (f != null) {
            throw f;
        }
        return "ok";
    }

    static void clear() {
        USER.remove();
        CURRENT.remove();
        tenant = null;
        plainField = null;
        failure = null;
    }
}
