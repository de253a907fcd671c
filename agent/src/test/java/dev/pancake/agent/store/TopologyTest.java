package dev.pancake.agent.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.pancake.agent.config.RedisSettings;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisProtocol;

/** Which topology {@code redis:} names and how it configures connections; none of this talks to Redis. */
class TopologyTest {

    private static RedisSettings url(String url) {
        return url(url, null, null);
    }

    private static RedisSettings url(String url, String user, String password) {
        return new RedisSettings(url, null, null, 250, user, password, false, null);
    }

    private static RedisSettings sentinel(List<String> nodes) {
        return new RedisSettings(null, new RedisSettings.Sentinel("mymaster", nodes, "sentinel-user", "sentinel-pw"),
                null, 250, "node-user", "node-pw", false, null);
    }

    private static RedisSettings cluster(List<String> nodes) {
        return new RedisSettings(null, null, nodes, 250, null, null, false, null);
    }

    @Test
    void aUrlIsOneFixedServer() {
        Topology t = Topology.of(url("redis://cache.example:6380/2"));
        assertInstanceOf(Topology.Standalone.class, t);
        assertTrue(t.fixed());
        assertEquals(List.of(new HostAndPort("cache.example", 6380)), t.primaries(null));
    }

    @Test
    void aUrlsDatabaseAndCredentialsConfigureTheConnections() {
        JedisClientConfig c = Topology.of(url("redis://app:s3cret@cache.example:6380/2", "ignored", "ignored")).nodeConfig;
        assertEquals(2, c.getDatabase());
        assertEquals("app", c.getUser());
        assertEquals("s3cret", c.getPassword());
    }

    @Test
    void aUrlWithoutCredentialsUsesRedisUserAndPassword() {
        JedisClientConfig c = Topology.of(url("redis://cache.example:6380/0", "app", "from-settings")).nodeConfig;
        assertEquals("app", c.getUser());
        assertEquals("from-settings", c.getPassword());
    }

    @Test
    void everyConnectionIsBoundedByTimeoutMsSpeaksResp2AndIsNamedPancake() {
        JedisClientConfig c = Topology.of(url("redis://cache.example:6380/0")).nodeConfig;
        assertEquals(250, c.getSocketTimeoutMillis());
        assertEquals(250, c.getConnectionTimeoutMillis());
        assertEquals(RedisProtocol.RESP2, c.getRedisProtocol());
        assertEquals("pancake", c.getClientName());
        assertFalse(c.isSsl());
    }

    @Test
    void theFeedsConnectionWaitsLongerThanTimeoutMsAndHasItsOwnName() {
        JedisClientConfig feed = Topology.of(url("redis://app:s3cret@cache.example:6380/2")).feedConfig;
        assertEquals("pancake-feed", feed.getClientName());
        assertEquals(ChangeFeed.READ_TIMEOUT_MS, feed.getSocketTimeoutMillis());
        assertEquals(1000, feed.getConnectionTimeoutMillis(), "at least a second to connect");
        assertEquals(RedisProtocol.RESP2, feed.getRedisProtocol(), "invalidations arrive as pub/sub messages");
        assertEquals("s3cret", feed.getPassword());
        assertEquals(2, feed.getDatabase());
    }

    @Test
    void aTimeoutAboveASecondIsAlsoTheFeedsConnectTimeout() {
        RedisSettings slow = new RedisSettings("redis://cache.example:6380/0", null, null, 5_000, null, null, false, null);
        assertEquals(5_000, Topology.of(slow).feedConfig.getConnectionTimeoutMillis());
    }

    @Test
    void aRedissUrlUsesTlsWithHostNameVerification() {
        JedisClientConfig c = Topology.of(url("rediss://cache.example:6380/0")).nodeConfig;
        assertTrue(c.isSsl());
        assertEquals("HTTPS", c.getSslParameters().getEndpointIdentificationAlgorithm());
    }

    @Test
    void aUrlThatIsNotRedisIsRefusedWithItsPasswordRedacted() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Topology.of(url("http://app:s3cret@cache.example:6380/0")));
        assertTrue(e.getMessage().startsWith("redis.url must look like redis://[user:password@]host:port[/db], got "),
                e.getMessage());
        assertTrue(e.getMessage().contains("app:***@cache.example"), e.getMessage());
        assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
    }

    @Test
    void aUrlThatDoesNotParseIsRefusedWithItsPasswordRedacted() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Topology.of(url("redis://app:s3cret@cache example:6380/0")));
        assertTrue(e.getMessage().startsWith("redis.url "), e.getMessage());
        assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
    }

    @Test
    void aUrlWithoutAHostIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Topology.of(url("redis:///0")));
        assertTrue(e.getMessage().startsWith("redis.url must look like"), e.getMessage());
    }

    @Test
    void sentinelSettingsNameAMasterThatIsFoundOnFirstUse() {
        Topology t = Topology.of(sentinel(List.of("s1.example:26379", "s2.example:26379")));
        assertInstanceOf(Topology.Sentinel.class, t);
        assertFalse(t.fixed(), "a failover moves the feed");
        assertEquals("node-user", t.nodeConfig.getUser());
        assertEquals("node-pw", t.nodeConfig.getPassword());
    }

    @Test
    void aSentinelNodeThatIsNotHostAndPortIsNamedInTheError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Topology.of(sentinel(List.of("s1.example:26379", "s2.example:port"))));
        assertEquals("redis.sentinel.nodes: expected host:port, got s2.example:port", e.getMessage());
    }

    @Test
    void clusterSettingsListSeedNodes() {
        Topology t = Topology.of(cluster(List.of("c1.example:7000", "c2.example:7001")));
        assertInstanceOf(Topology.Cluster.class, t);
        assertFalse(t.fixed(), "masters come and go");
        assertNull(t.nodeConfig.getPassword());
    }

    @Test
    void aClusterNodeThatIsNotHostAndPortIsNamedInTheError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Topology.of(cluster(List.of("c1.example:notaport"))));
        assertEquals("redis.cluster: expected host:port, got c1.example:notaport", e.getMessage());
    }

    @Test
    void theUrlWinsWhenSeveralAreSet() {
        RedisSettings both = new RedisSettings("redis://cache.example:6380/0", null, List.of("c1.example:7000"), 250,
                null, null, false, null);
        assertInstanceOf(Topology.Standalone.class, Topology.of(both));
    }

    @Test
    void noUrlSentinelOrClusterIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Topology.of(new RedisSettings(null, null, null, 250, null, null, false, null)));
        assertEquals("redis: expected one of url, sentinel or cluster", e.getMessage());
    }

    @Test
    void poolsWaitAtMostTimeoutMsForAConnection() {
        assertEquals(java.time.Duration.ofMillis(250), Topology.pool(250).getMaxWaitDuration());
        assertFalse(Topology.pool(250).getJmxEnabled(), "no MBeans of ours in the application's JMX");
    }
}
