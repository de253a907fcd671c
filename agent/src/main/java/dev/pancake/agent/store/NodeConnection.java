package dev.pancake.agent.store;

import java.util.List;

import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.Connection;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * One connection to one Redis server, for the reads that keep the flags current when
 * {@code redis.url} names a single server. Sentinel and Cluster reads go through Jedis's client,
 * which follows the topology.
 *
 * <p>Why not the pooled client: the engine reads from one thread at a time anyway, and building
 * the client loads the pool, the command API and SLF4J (some 300 classes, tens of milliseconds)
 * on the way to the first read, which a JVM's start-up would pay for. This needs only the
 * connection classes that the change feed has loaded already. One caller at a time; a broken
 * connection is replaced on the next call.
 */
final class NodeConnection {

    private final HostAndPort node;
    private final JedisClientConfig config;
    private Connection connection;
    private boolean closed;

    NodeConnection(HostAndPort node, JedisClientConfig config) {
        this.node = node;
        this.config = config;
    }

    /**
     * Sends the commands in one round trip and returns their raw replies in order: a status or
     * bulk string as bytes, an array as a list, an error reply as its JedisDataException (not
     * thrown). Throws a JedisException when the server cannot be reached or does not answer in time.
     */
    synchronized List<Object> pipeline(List<CommandArguments> commands) {
        if (closed) {
            throw new JedisConnectionException("the store is closed");
        }
        if (connection == null || connection.isBroken()) {
            disconnect();
            connection = new HandshakeConnection(node, config);
        }
        for (CommandArguments c : commands) {
            connection.sendCommand(c);
        }
        return connection.getMany(commands.size());
    }

    /** Drops the connection (after a failure: the next call connects afresh). */
    synchronized void disconnect() {
        if (connection != null) {
            try {
                connection.disconnect();
            } catch (RuntimeException e) {
                // already broken
            }
            connection = null;
        }
    }

    synchronized void close() {
        closed = true;
        disconnect();
    }
}
