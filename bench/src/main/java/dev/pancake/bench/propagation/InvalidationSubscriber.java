package dev.pancake.bench.propagation;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;

import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Protocol;

/**
 * The floor of propagation: a bare connection with {@code CLIENT TRACKING ON REDIRECT <self> BCAST PREFIX p},
 * subscribed to {@code __redis__:invalidate} (RESP2), that hands each invalidated key name to a callback on its reading
 * thread the moment it arrives. Nothing else: no read back, no snapshot.
 */
final class InvalidationSubscriber implements AutoCloseable {

    private final Feed connection;
    private final Thread reader;
    private volatile boolean closed;

    InvalidationSubscriber(String host, int port, String prefix, Consumer<String> onKey) {
        connection = new Feed(new HostAndPort(host, port));
        Object id = connection.executeCommand(new CommandArguments(Protocol.Command.CLIENT).add("ID"));
        connection.executeCommand(new CommandArguments(Protocol.Command.CLIENT).add("TRACKING").add("ON")
                .add("REDIRECT").add(String.valueOf(id)).add("BCAST").add("PREFIX").add(prefix));
        connection.sendCommand(new CommandArguments(Protocol.Command.SUBSCRIBE).add("__redis__:invalidate"));
        connection.getOne();
        reader = new Thread(() -> {
            while (!closed) {
                Object message;
                try {
                    message = connection.read();
                } catch (RuntimeException e) {
                    return;
                }
                if (message instanceof List<?> parts && parts.size() == 3 && parts.get(2) instanceof List<?> keys) {
                    for (Object key : keys) {
                        onKey.accept(new String((byte[]) key, StandardCharsets.UTF_8));
                    }
                }
            }
        }, "floor-subscriber");
        reader.setDaemon(true);
        reader.start();
    }

    @Override
    public void close() {
        closed = true;
        connection.disconnect();
    }

    /** Gives the reading thread Jedis's raw reply reader. */
    private static final class Feed extends Connection {
        Feed(HostAndPort node) {
            super(node, DefaultJedisClientConfig.builder().resp2().socketTimeoutMillis(0).build());
        }

        Object read() {
            return getUnflushedObject();
        }
    }
}
