package dev.pancake.agent.store;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import javax.net.ssl.SSLParameters;

import org.apache.commons.pool2.impl.GenericObjectPoolConfig;

import dev.pancake.agent.config.RedisSettings;
import dev.pancake.agent.log.Secrets;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.RedisSentinelClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.providers.ClusterConnectionProvider;
import redis.clients.jedis.util.Delay;
import redis.clients.jedis.util.JedisURIHelper;

/**
 * How the store reaches Redis: one server ({@code redis.url}), the master that Sentinel names
 * ({@code redis.sentinel}), or a Cluster ({@code redis.cluster}). It builds the Jedis client and
 * tells where the change feeds must listen: the server, the current master, or every master node.
 *
 * <p>Building a Sentinel or Cluster client asks the sentinels or seed nodes for the topology, so
 * it happens on the first command (on the engine's background thread), never at start-up.
 */
abstract class Topology {

    final JedisClientConfig nodeConfig;
    final JedisClientConfig feedConfig;
    final int timeoutMs;

    private Topology(JedisClientConfig nodeConfig, int timeoutMs) {
        this.nodeConfig = nodeConfig;
        this.timeoutMs = timeoutMs;
        // RESP2 matters for the feed: it reads invalidations as pub/sub messages (under RESP3 they
        // would arrive as push messages that Jedis consumes itself).
        this.feedConfig = DefaultJedisClientConfig.builder().from(nodeConfig)
                .clientName("pancake-feed")
                .socketTimeoutMillis(ChangeFeed.READ_TIMEOUT_MS)
                .connectionTimeoutMillis(Math.max(timeoutMs, 1000))
                .build();
    }

    /** The client; may talk to Redis (Sentinel, Cluster), and throws a JedisException when it cannot. */
    abstract UnifiedJedis connect();

    /**
     * The nodes whose writes the change feeds must hear, as this client sees the topology now
     * (a {@link #fixed()} topology needs no client).
     */
    abstract List<HostAndPort> primaries(UnifiedJedis client);

    /** Re-reads the topology from Redis where that is a separate step (Cluster); called every few seconds. */
    void refresh(UnifiedJedis client) {
        // one server, or Sentinel (whose client follows failovers by itself)
    }

    /** True when the feeds' nodes never change (one server): nothing to follow. */
    boolean fixed() {
        return false;
    }

    /** Picks the topology that the settings name. Throws IllegalArgumentException for settings it cannot use. */
    static Topology of(RedisSettings settings) {
        if (settings.url() != null) {
            return standalone(settings);
        }
        if (settings.sentinel() != null) {
            RedisSettings.Sentinel s = settings.sentinel();
            JedisClientConfig sentinelConfig = base(settings.timeoutMs(), settings.tls(), settings.caCert())
                    .clientName("pancake")
                    .user(s.user()).password(s.password()).build();
            return new Sentinel(s.master(), nodes(s.nodes(), "redis.sentinel.nodes"), nodeConfig(settings),
                    sentinelConfig, settings.timeoutMs());
        }
        if (settings.cluster() != null) {
            return new Cluster(nodes(settings.cluster(), "redis.cluster"), nodeConfig(settings), settings.timeoutMs());
        }
        throw new IllegalArgumentException("redis: expected one of url, sentinel or cluster");
    }

    private static Topology standalone(RedisSettings settings) {
        URI uri;
        try {
            uri = URI.create(settings.url());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("redis.url is not a valid URL: " + Secrets.describeUrl(settings.url()));
        }
        if (!JedisURIHelper.isValid(uri) || uri.getHost() == null) {
            throw new IllegalArgumentException("redis.url must look like redis://[user:password@]host:port[/db], got "
                    + Secrets.describeUrl(settings.url()));
        }
        String user = JedisURIHelper.getUser(uri);
        String password = JedisURIHelper.getPassword(uri);
        if (password == null) { // the URL carries no credentials: redis.user and redis.password may
            user = settings.user();
            password = settings.password();
        }
        JedisClientConfig config = base(settings.timeoutMs(), JedisURIHelper.isRedisSSLScheme(uri), settings.caCert())
                .clientName("pancake").user(user).password(password).database(JedisURIHelper.getDBIndex(uri)).build();
        return new Standalone(JedisURIHelper.getHostAndPort(uri), config, settings.timeoutMs());
    }

    private static JedisClientConfig nodeConfig(RedisSettings settings) {
        return base(settings.timeoutMs(), settings.tls(), settings.caCert()).clientName("pancake")
                .user(settings.user()).password(settings.password()).build();
    }

    /**
     * Every connection: timeouts of timeout-ms, and RESP2 set explicitly (without a protocol
     * Jedis 8 connects inside the client's constructor to negotiate one, and start-up would wait
     * for Redis; RESP2 works with every Redis version). TLS checks the server's certificate
     * against the JVM's trust store (or redis.ca-cert's authorities) and its host name, as HTTPS does.
     */
    private static DefaultJedisClientConfig.Builder base(int timeoutMs, boolean tls, String caCert) {
        DefaultJedisClientConfig.Builder b = DefaultJedisClientConfig.builder()
                .resp2()
                .connectionTimeoutMillis(timeoutMs)
                .socketTimeoutMillis(timeoutMs)
                .ssl(tls);
        if (tls) {
            SSLParameters parameters = new SSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            b.sslParameters(parameters);
            if (caCert != null) {
                b.sslSocketFactory(CaCertificates.socketFactory(caCert));
            }
        }
        return b;
    }

    private static Set<HostAndPort> nodes(List<String> hostPorts, String what) {
        Set<HostAndPort> out = new LinkedHashSet<>();
        for (String hp : hostPorts) {
            try {
                out.add(HostAndPort.from(hp));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(what + ": expected host:port, got " + hp);
            }
        }
        return out;
    }

    static GenericObjectPoolConfig<Connection> pool(int timeoutMs) {
        GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
        pool.setMaxTotal(16);
        pool.setMaxIdle(16);
        pool.setMinIdle(0);
        pool.setMaxWait(Duration.ofMillis(timeoutMs));
        pool.setJmxEnabled(false);
        pool.setTestOnBorrow(false);
        return pool;
    }

    /** {@code redis.url}: one server. */
    static final class Standalone extends Topology {
        private final HostAndPort node;

        Standalone(HostAndPort node, JedisClientConfig config, int timeoutMs) {
            super(config, timeoutMs);
            this.node = node;
        }

        @Override
        UnifiedJedis connect() {
            return RedisClient.builder().hostAndPort(node).clientConfig(nodeConfig).poolConfig(pool(timeoutMs)).build();
        }

        @Override
        List<HostAndPort> primaries(UnifiedJedis client) {
            return List.of(node);
        }

        @Override
        boolean fixed() {
            return true;
        }
    }

    /** {@code redis.sentinel}: the master that the sentinels name; Jedis follows their failover announcements. */
    static final class Sentinel extends Topology {
        private final String master;
        private final Set<HostAndPort> sentinels;
        private final JedisClientConfig sentinelConfig;

        Sentinel(String master, Set<HostAndPort> sentinels, JedisClientConfig nodeConfig,
                JedisClientConfig sentinelConfig, int timeoutMs) {
            super(nodeConfig, timeoutMs);
            this.master = master;
            this.sentinels = sentinels;
            this.sentinelConfig = sentinelConfig;
        }

        @Override
        UnifiedJedis connect() {
            return RedisSentinelClient.builder()
                    .masterName(master)
                    .sentinels(sentinels)
                    .sentinelClientConfig(sentinelConfig)
                    .sentinelReconnectDelay(Delay.constant(Duration.ofMillis(500)))
                    .clientConfig(nodeConfig)
                    .poolConfig(pool(timeoutMs))
                    .build();
        }

        @Override
        List<HostAndPort> primaries(UnifiedJedis client) {
            HostAndPort current = ((RedisSentinelClient) client).getCurrentMaster();
            return current == null ? List.of() : List.of(current);
        }
    }

    /** {@code redis.cluster}: every master node, found from the seed nodes. */
    static final class Cluster extends Topology {
        private final Set<HostAndPort> seeds;
        private volatile ClusterConnectionProvider provider;

        Cluster(Set<HostAndPort> seeds, JedisClientConfig nodeConfig, int timeoutMs) {
            super(nodeConfig, timeoutMs);
            this.seeds = seeds;
        }

        @Override
        UnifiedJedis connect() {
            ClusterConnectionProvider p = new ClusterConnectionProvider(seeds, nodeConfig, pool(timeoutMs));
            provider = p;
            return RedisClusterClient.builder()
                    .nodes(seeds) // checked by the builder even though the provider already has them
                    .connectionProvider(p)
                    .clientConfig(nodeConfig)
                    // a MOVED or a lost node is retried on the new topology, but within timeout-ms overall
                    .maxAttempts(3)
                    .maxTotalRetriesDuration(Duration.ofMillis(timeoutMs))
                    .build();
        }

        @Override
        List<HostAndPort> primaries(UnifiedJedis client) {
            List<HostAndPort> out = new ArrayList<>();
            for (String node : provider.getPrimaryNodes().keySet()) {
                out.add(HostAndPort.from(node));
            }
            return out;
        }

        @Override
        void refresh(UnifiedJedis client) {
            provider.renewSlotCache();
        }
    }
}
