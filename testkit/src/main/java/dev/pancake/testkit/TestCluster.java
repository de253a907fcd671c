package dev.pancake.testkit;

import java.util.ArrayList;
import java.util.List;

/**
 * A Redis Cluster on loopback: three masters, each serving a third of the 16384 hash slots, no replicas. Needs
 * redis-server 7.0 or later ({@code --cluster-port}: the default bus port, port + 10000, may not exist for the free
 * ports the nodes get).
 *
 * <p>{@link #set}, {@link #get} and {@link #del} talk to the node that owns the key's slot, like a cluster-aware
 * client, through the independent {@link RedisCli}.
 */
public final class TestCluster implements AutoCloseable {
    private static final int SLOTS = 16384;

    private final List<TestRedis> nodes = new ArrayList<>();

    private TestCluster() {}

    /** Starts three nodes, gives each a third of the slots, joins them and waits until the cluster is ok. */
    public static TestCluster start() {
        TestCluster cluster = new TestCluster();
        try {
            List<Integer> busPorts = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                busPorts.add(TestRedis.freePort());
                cluster.nodes.add(TestRedis.startOwn(List.of(), List.of("--cluster-enabled", "yes",
                        "--cluster-port", Integer.toString(busPorts.get(i)),
                        "--cluster-node-timeout", "2000"), "Ready to accept connections"));
            }
            for (int i = 0; i < 3; i++) {
                int from = i * SLOTS / 3;
                int to = (i + 1) * SLOTS / 3 - 1;
                cluster.nodes.get(i).command("CLUSTER", "ADDSLOTSRANGE", Integer.toString(from), Integer.toString(to));
            }
            TestRedis first = cluster.nodes.get(0);
            for (int i = 1; i < 3; i++) {
                first.command("CLUSTER", "MEET", "127.0.0.1", Integer.toString(cluster.nodes.get(i).port()),
                        Integer.toString(busPorts.get(i)));
            }
            TestSentinel.awaitTrue("the cluster is ok on every node", () -> {
                for (TestRedis n : cluster.nodes) {
                    String info = n.command("CLUSTER", "INFO");
                    if (!info.contains("cluster_state:ok") || !info.contains("cluster_known_nodes:3")) {
                        return false;
                    }
                }
                return true;
            });
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /** The three nodes, in slot order. */
    public List<TestRedis> nodes() {
        return List.copyOf(nodes);
    }

    /** {@code ["127.0.0.1:P1", ...]}, as pancake.yml's redis.cluster wants it. */
    public List<String> hostPorts() {
        List<String> out = new ArrayList<>();
        for (TestRedis n : nodes) {
            out.add("127.0.0.1:" + n.port());
        }
        return out;
    }

    /** The node that owns the key's hash slot. */
    public TestRedis nodeFor(String key) {
        int slot = Integer.parseInt(nodes.get(0).command("CLUSTER", "KEYSLOT", key));
        for (int i = 2; i > 0; i--) {
            if (slot >= i * SLOTS / 3) {
                return nodes.get(i);
            }
        }
        return nodes.get(0);
    }

    public void set(String key, String value) {
        nodeFor(key).set(key, value);
    }

    public String get(String key) {
        return nodeFor(key).get(key);
    }

    public void del(String key) {
        nodeFor(key).del(key);
    }

    /** Runs a command on the node that owns {@code key}'s slot. */
    public String command(String key, String... args) {
        return nodeFor(key).command(args);
    }

    /** FLUSHALL on every node. */
    public void flushAll() {
        nodes.forEach(TestRedis::flushAll);
    }

    @Override
    public void close() {
        nodes.forEach(TestRedis::close);
    }
}
