package dev.pancake.agent.config;

import java.util.List;

import dev.pancake.agent.log.Secrets;

/**
 * {@code redis:}. Exactly one of url, sentinel and cluster is set.
 *
 * @param url       redis:// or rediss:// URL, or null
 * @param sentinel  the sentinel settings, or null
 * @param cluster   the cluster seed nodes (host:port), or null
 * @param timeoutMs the bound on every Redis call
 * @param user      the ACL user for sentinel or cluster nodes, or null (a URL carries its own)
 * @param password  the password for sentinel or cluster nodes, or null
 * @param tls       TLS for sentinel or cluster nodes (a URL says rediss://)
 * @param caCert    a PEM file of the authorities that sign Redis's certificate, trusted for Redis
 *                  alone instead of the JVM's trust store; or null
 */
public record RedisSettings(String url, Sentinel sentinel, List<String> cluster, int timeoutMs, String user,
        String password, boolean tls, String caCert) {

    public static final int DEFAULT_TIMEOUT_MS = 100;

    /** True when connections use TLS: a rediss:// URL, or {@code tls: true} for sentinel and cluster nodes. */
    public boolean usesTls() {
        return url != null ? url.startsWith("rediss://") : tls;
    }

    /**
     * {@code redis.sentinel}.
     *
     * @param password the sentinels' own password, or null
     */
    public record Sentinel(String master, List<String> nodes, String user, String password) {
        @Override
        public String toString() {
            return Secrets.scrub("sentinel " + master + " at " + nodes + (password == null ? "" : " (password ***)"));
        }
    }

    /** A description without secrets, for logs, the CLI, JMX and the admin page. */
    public String describe() {
        if (url != null) {
            return Secrets.describeUrl(url);
        }
        if (sentinel != null) {
            return sentinel.toString();
        }
        return Secrets.scrub("cluster " + cluster);
    }

    @Override
    public String toString() {
        return describe() + ", timeout " + timeoutMs + " ms";
    }
}
