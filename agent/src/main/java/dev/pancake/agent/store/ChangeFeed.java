package dev.pancake.agent.store;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;

import dev.pancake.agent.background.Background;

import dev.pancake.agent.log.Log;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * One Redis node's invalidation messages: a connection that enables {@code CLIENT TRACKING} in
 * broadcast mode on the namespace's key prefixes, redirected to itself, and subscribes to
 * {@code __redis__:invalidate} (RESP2, so it works with every Redis from 6.0 on). Redis then
 * pushes the name of every key under those prefixes that anybody writes, deletes or expires.
 *
 * <p>A lost connection can hide changes, so each (re)connect ends with
 * {@link ChangeListener#resync()}; a flush of the database arrives as a null message and also
 * means resync. A ping every second, and a read timeout of three, notice a silent peer.
 */
final class ChangeFeed {

    static final int READ_TIMEOUT_MS = 3_000;
    private static final long PING_EVERY_MS = 1_000;
    private static final String CHANNEL = "__redis__:invalidate";

    private final HostAndPort node;
    private final JedisClientConfig config;
    private final List<String> prefixes;
    private final ChangeListener listener;
    private final Thread reader;
    private volatile boolean closed;
    private volatile boolean connected;
    private volatile FeedConnection current;

    ChangeFeed(HostAndPort node, JedisClientConfig config, List<String> prefixes, ChangeListener listener) {
        this.node = node;
        this.config = config;
        this.prefixes = List.copyOf(prefixes);
        this.listener = listener;
        this.reader = new Thread(new Runnable() { // not a method reference: see StoreSync's tasks
            @Override
            public void run() {
                ChangeFeed.this.run();
            }
        }, "pancake-feed-" + node);
        this.reader.setDaemon(true);
    }

    void start() {
        reader.start();
    }

    boolean connected() {
        return connected;
    }

    void close() {
        closed = true;
        FeedConnection c = current;
        if (c != null) {
            c.closeQuietly();
        }
        reader.interrupt();
    }

    private void run() {
        long backoff = 50;
        while (!closed) {
            FeedConnection conn = null;
            Future<?> pinger = null;
            try {
                conn = new FeedConnection(node, config);
                current = conn;
                subscribe(conn);
                connected = true;
                backoff = 50;
                Log.debug("change feed connected to " + node);
                listener.resync();
                pinger = startPinger(conn);
                while (!closed) {
                    handle(conn.read());
                }
            } catch (RuntimeException e) {
                if (!closed) {
                    Log.debug("change feed from " + node + " lost: " + RootCause.message(e));
                }
            } finally {
                if (pinger != null) {
                    pinger.cancel(false);
                }
                connected = false;
                current = null;
                if (conn != null) {
                    conn.closeQuietly();
                }
            }
            if (!closed) {
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException e) {
                    return;
                }
                backoff = Math.min(backoff * 2, 1_000);
            }
        }
    }

    /** Pings from the agent's timer thread, so that an idle but healthy feed always has something to read. */
    private Future<?> startPinger(FeedConnection conn) {
        return Background.every(PING_EVERY_MS, "pinging the change feed from " + node, new Runnable() {
            @Override
            public void run() {
                if (!closed && current == conn) {
                    try {
                        conn.sendPing();
                    } catch (RuntimeException e) {
                        // the reader notices a dead connection by itself
                    }
                }
            }
        });
    }

    private void subscribe(FeedConnection conn) {
        Object id = conn.executeCommand(new CommandArguments(Protocol.Command.CLIENT).add("ID"));
        CommandArguments tracking = new CommandArguments(Protocol.Command.CLIENT).add("TRACKING").add("ON")
                .add("REDIRECT").add(String.valueOf(id)).add("BCAST");
        for (String p : prefixes) {
            tracking.add("PREFIX").add(p);
        }
        conn.executeCommand(tracking);
        conn.sendCommand(new CommandArguments(Protocol.Command.SUBSCRIBE).add(CHANNEL));
        conn.getOne(); // flushes, then reads the subscribe confirmation
    }

    private void handle(Object message) {
        if (Log.enabled(Log.Level.DEBUG)) {
            Log.debug("feed message " + describe(message));
        }
        if (!(message instanceof List<?> parts) || parts.size() < 3) {
            return; // a ping's pong, or a (re)subscribe confirmation
        }
        String kind = text(parts.get(0));
        if (!"message".equals(kind)) {
            return;
        }
        Object payload = parts.get(2);
        if (payload == null) {
            listener.resync(); // FLUSHALL / FLUSHDB: every key changed
            return;
        }
        List<String> keys = new ArrayList<>();
        if (payload instanceof List<?> list) {
            for (Object k : list) {
                keys.add(text(k));
            }
        } else {
            keys.add(text(payload));
        }
        listener.changed(keys);
    }

    private static String describe(Object o) {
        if (o instanceof List<?> l) {
            List<String> parts = new ArrayList<>();
            for (Object x : l) {
                parts.add(describe(x));
            }
            return parts.toString();
        }
        return o == null ? "nil" : text(o);
    }

    private static String text(Object o) {
        return o instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(o);
    }

    /**
     * A Jedis connection that can be pinged from the reading thread between reads. It connects
     * once: Jedis reopens a closed connection on its next command, which for the pinger of a feed
     * just closed (by {@link #close()} or after a failure) would be a new socket that nobody reads
     * or closes, without tracking or subscription, left open until a GC.
     */
    private static final class FeedConnection extends HandshakeConnection {
        private boolean opened;

        FeedConnection(HostAndPort node, JedisClientConfig config) {
            super(node, config);
            opened = true;
        }

        @Override
        public void connect() {
            if (opened && !isConnected()) {
                throw new JedisConnectionException("the change feed's connection is closed");
            }
            super.connect();
        }

        Object read() {
            return getUnflushedObject();
        }

        synchronized void sendPing() {
            sendCommand(Protocol.Command.PING);
            flush();
        }

        void closeQuietly() {
            try {
                disconnect();
            } catch (RuntimeException e) {
                // already gone
            }
        }
    }
}
