package dev.pancake.agent.store;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.time.Duration;

import org.apache.commons.pool2.impl.GenericObjectPoolConfig;

import dev.pancake.agent.config.RedisSettings;
import dev.pancake.agent.config.Secrets;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.util.JedisURIHelper;

/**
 * flask-pancake's keys in Redis, through Jedis. Every command is bounded by {@code timeout-ms}.
 * Creating the store does not connect: start-up never waits for Redis.
 *
 * <p>Changes come from Redis itself ({@link ChangeFeed}: server-assisted invalidation in broadcast
 * mode on the namespace's key prefixes), so a change made by any client is seen without polling.
 */
public final class RedisStore implements Store {

    private final RedisSettings settings;
    private final UnifiedJedis client;
    private final List<ChangeFeed> feeds = new ArrayList<>();
    private final List<HostAndPort> feedNodes;
    private final JedisClientConfig feedConfig;

    private RedisStore(RedisSettings settings, UnifiedJedis client, List<HostAndPort> feedNodes,
            JedisClientConfig feedConfig) {
        this.settings = settings;
        this.client = client;
        this.feedNodes = feedNodes;
        this.feedConfig = feedConfig;
    }

    /** Builds the client without connecting. Throws IllegalArgumentException for settings it cannot use. */
    public static RedisStore open(RedisSettings settings) {
        if (settings.url() == null) {
            throw new IllegalArgumentException("redis.sentinel and redis.cluster are not supported yet; use redis.url");
        }
        URI uri;
        try {
            uri = URI.create(settings.url());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("redis.url is not a valid URL: " + Secrets.redactUrl(settings.url()));
        }
        if (!JedisURIHelper.isValid(uri) || uri.getHost() == null) {
            throw new IllegalArgumentException("redis.url must look like redis://[user:password@]host:port[/db], got "
                    + Secrets.redactUrl(settings.url()));
        }
        int timeout = settings.timeoutMs();
        // An explicit protocol: without one, Jedis 8 connects inside the client's constructor to
        // negotiate it, and start-up would wait for Redis. RESP2 works with every Redis version.
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .resp2()
                .connectionTimeoutMillis(timeout)
                .socketTimeoutMillis(timeout)
                .clientName("pancake")
                .ssl(JedisURIHelper.isRedisSSLScheme(uri))
                .user(JedisURIHelper.getUser(uri))
                .password(JedisURIHelper.getPassword(uri))
                .database(JedisURIHelper.getDBIndex(uri));
        HostAndPort node = JedisURIHelper.getHostAndPort(uri);
        GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
        pool.setMaxTotal(16);
        pool.setMaxIdle(16);
        pool.setMinIdle(0);
        pool.setMaxWait(Duration.ofMillis(timeout));
        pool.setJmxEnabled(false);
        pool.setTestOnBorrow(false);
        UnifiedJedis client = RedisClient.builder()
                .hostAndPort(node)
                .clientConfig(config.build())
                .poolConfig(pool)
                .build();
        // RESP2 matters for the feed too: it reads invalidations as pub/sub messages (under RESP3
        // they would arrive as push messages that Jedis consumes itself).
        JedisClientConfig feedConfig = config.clientName("pancake-feed")
                .socketTimeoutMillis(ChangeFeed.READ_TIMEOUT_MS)
                .connectionTimeoutMillis(Math.max(timeout, 1000))
                .build();
        return new RedisStore(settings, client, List.of(node), feedConfig);
    }

    @Override
    public Map<String, String> get(Collection<String> keys) throws StoreException {
        Map<String, String> out = new HashMap<>();
        if (keys.isEmpty()) {
            return out;
        }
        List<String> list = new ArrayList<>(keys);
        try {
            List<String> values = client.mget(list.toArray(new String[0]));
            for (int i = 0; i < list.size(); i++) {
                out.put(list.get(i), values.get(i));
            }
            return out;
        } catch (JedisException e) {
            throw failure("MGET", e);
        }
    }

    @Override
    public Set<String> members(String setKey) throws StoreException {
        try {
            return client.smembers(setKey);
        } catch (JedisException e) {
            throw failure("SMEMBERS " + setKey, e);
        }
    }

    @Override
    public void set(String key, String value) throws StoreException {
        try {
            client.set(key, value);
        } catch (JedisException e) {
            throw failure("SET " + key, e);
        }
    }

    @Override
    public void delete(Collection<String> keys) throws StoreException {
        if (keys.isEmpty()) {
            return;
        }
        try {
            client.del(keys.toArray(new String[0]));
        } catch (JedisException e) {
            throw failure("DEL", e);
        }
    }

    @Override
    public void addMember(String setKey, String member) throws StoreException {
        try {
            client.sadd(setKey, member);
        } catch (JedisException e) {
            throw failure("SADD " + setKey, e);
        }
    }

    @Override
    public void removeMembers(String setKey, Collection<String> members) throws StoreException {
        if (members.isEmpty()) {
            return;
        }
        try {
            client.srem(setKey, members.toArray(new String[0]));
        } catch (JedisException e) {
            throw failure("SREM " + setKey, e);
        }
    }

    @Override
    public synchronized void watch(List<String> prefixes, ChangeListener listener) {
        for (HostAndPort node : feedNodes) {
            ChangeFeed feed = new ChangeFeed(node, feedConfig, prefixes, listener);
            feeds.add(feed);
            feed.start();
        }
    }

    @Override
    public synchronized boolean watching() {
        if (feeds.isEmpty()) {
            return false;
        }
        for (ChangeFeed f : feeds) {
            if (!f.connected()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String describe() {
        return "Redis " + settings.describe();
    }

    @Override
    public synchronized void close() {
        feeds.forEach(ChangeFeed::close);
        feeds.clear();
        try {
            client.close();
        } catch (RuntimeException e) {
            // closing is best effort
        }
    }

    private StoreException failure(String what, JedisException e) {
        String reason = e instanceof JedisDataException ? "Redis refused " + what + ": " + e.getMessage()
                : "cannot reach " + describe() + " (" + rootMessage(e) + ")";
        return new StoreException(Secrets.redactUrl(reason), e);
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage();
        return m == null ? t.getClass().getSimpleName() : m;
    }
}
