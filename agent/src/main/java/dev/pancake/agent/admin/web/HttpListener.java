package dev.pancake.agent.admin.web;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Function;

import dev.pancake.agent.log.Log;

/**
 * The admin page's HTTP/1.1 server: one daemon thread and one selector, so that however many
 * clients connect and however slowly they send, the page costs the host one thread and at most
 * {@link #MAX_CONNECTIONS} sockets.
 *
 * <p>The agent lives in someone else's JVM, so everything a client can make it hold is bounded:
 * the connections (when all are taken, a new one replaces the oldest that has not yet been
 * answered, or is closed at once without being read), the time for a request's head, its body,
 * writing the answer and waiting between requests, and the size of a head and of a body. The
 * JDK's {@code com.sun.net.httpserver} can only be bounded through JVM-wide system properties,
 * which would change the application's own servers.
 */
final class HttpListener implements Runnable {

    static final int MAX_CONNECTIONS = 32;
    static final int MAX_HEAD = 8 * 1024;
    static final int MAX_BODY = 16 * 1024;
    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(10);
    static final Duration HEAD_TIMEOUT = Duration.ofSeconds(10);
    static final Duration BODY_TIMEOUT = Duration.ofSeconds(10);
    static final Duration WRITE_TIMEOUT = Duration.ofSeconds(10);
    static final Duration LINGER_TIMEOUT = Duration.ofSeconds(2);
    static final long LINGER_BYTES = 64 * 1024;
    /** How often deadlines are checked while connections are open. */
    private static final long SWEEP_MS = 250;
    /** How long accepting pauses after the JVM could not accept (out of file descriptors). */
    private static final long ACCEPT_PAUSE_MS = 100;
    private static final int ACCEPTS_PER_WAKEUP = 64;

    private final Selector selector;
    private final ServerSocketChannel server;
    private final SelectionKey serverKey;
    private final InetSocketAddress address;
    private final Function<Request, Response> handler;
    private final Set<Connection> connections = new LinkedHashSet<>();
    private final Thread thread;
    private volatile boolean open = true;
    private long acceptPausedUntil;
    private long lastSweep;

    private HttpListener(Selector selector, ServerSocketChannel server, Function<Request, Response> handler,
            String threadName) throws IOException {
        this.selector = selector;
        this.server = server;
        this.serverKey = server.register(selector, SelectionKey.OP_ACCEPT);
        this.address = (InetSocketAddress) server.getLocalAddress();
        this.handler = handler;
        this.thread = new Thread(this, threadName);
        thread.setDaemon(true);
    }

    /** Listens on {@code address} and answers each request with {@code handler}, on a new daemon thread. */
    static HttpListener open(InetSocketAddress address, Function<Request, Response> handler, String threadName)
            throws IOException {
        Selector selector = Selector.open();
        ServerSocketChannel server = null;
        try {
            server = ServerSocketChannel.open();
            server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            server.bind(address, 64);
            server.configureBlocking(false);
            HttpListener listener = new HttpListener(selector, server, handler, threadName);
            listener.thread.start();
            return listener;
        } catch (IOException | RuntimeException e) {
            if (server != null) {
                server.close();
            }
            selector.close();
            throw e;
        }
    }

    InetSocketAddress address() {
        return address;
    }

    /** Stops listening and closes every connection; returns once the port is free. */
    void close() {
        open = false;
        selector.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            server.close(); // in case the thread is still busy with a request
        } catch (IOException ignored) {
            // closed
        }
    }

    @Override
    public void run() {
        try {
            while (open) {
                selector.select(connections.isEmpty() && acceptPausedUntil == 0 ? 0 : SWEEP_MS);
                if (!open) {
                    break;
                }
                long now = System.nanoTime();
                for (SelectionKey k : selector.selectedKeys()) {
                    if (k == serverKey) {
                        accept(now);
                    } else {
                        serve((Connection) k.attachment(), k, now);
                    }
                }
                selector.selectedKeys().clear();
                if (now - lastSweep >= SWEEP_MS * 1_000_000) {
                    sweep(now);
                }
            }
        } catch (IOException | RuntimeException | Error e) {
            Log.once(Log.Level.ERROR, "admin:listener", "admin page: stopped answering on " + AdminServer.url(address)
                    + ": " + e);
        } finally {
            for (Connection c : connections) {
                c.close();
            }
            connections.clear();
            try {
                server.close();
                selector.close();
            } catch (IOException ignored) {
                // closed
            }
        }
    }

    private void accept(long now) {
        for (int i = 0; i < ACCEPTS_PER_WAKEUP; i++) {
            SocketChannel channel;
            try {
                channel = server.accept();
            } catch (IOException e) {
                // most likely the JVM is out of file descriptors: pause rather than spin
                Log.once(Log.Level.WARN, "admin:accept", "admin page: cannot accept connections (" + e.getMessage()
                        + "); trying again every " + ACCEPT_PAUSE_MS + " ms");
                serverKey.interestOps(0);
                acceptPausedUntil = now + ACCEPT_PAUSE_MS * 1_000_000;
                return;
            }
            if (channel == null) {
                return;
            }
            if (connections.size() >= MAX_CONNECTIONS) {
                Log.once(Log.Level.WARN, "admin:cap", "admin page: more than " + MAX_CONNECTIONS + " connections at"
                        + " once; the oldest unanswered ones are closed (is a client flooding the page?)");
                if (!evictOldest()) {
                    closeQuietly(channel); // every connection is being answered: this one waits for none
                    continue;
                }
            }
            try {
                channel.configureBlocking(false);
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                SelectionKey key = channel.register(selector, SelectionKey.OP_READ);
                Connection c = new Connection(channel, key, handler, now);
                key.attach(c);
                connections.add(c);
            } catch (IOException | RuntimeException e) {
                closeQuietly(channel);
            }
        }
    }

    /** Closes the oldest connection that is not being answered; false when every one is. */
    private boolean evictOldest() {
        for (Connection c : connections) {
            if (c.state() != Connection.State.WRITE) {
                c.close();
                connections.remove(c);
                return true;
            }
        }
        return false;
    }

    private void serve(Connection c, SelectionKey k, long now) {
        try {
            if (k.isValid() && k.isReadable()) {
                c.readable(now);
            }
            if (k.isValid() && k.isWritable()) {
                c.writable(now);
            }
        } catch (IOException e) {
            c.close(); // the client went away
        } catch (RuntimeException | Error e) {
            Log.once(Log.Level.ERROR, "admin:" + e.getClass().getName(), "admin page: a connection failed: " + e);
            c.close();
        }
        if (c.closed()) {
            connections.remove(c);
        }
    }

    private void sweep(long now) {
        lastSweep = now;
        if (acceptPausedUntil != 0 && now - acceptPausedUntil >= 0) {
            acceptPausedUntil = 0;
            serverKey.interestOps(SelectionKey.OP_ACCEPT);
        }
        for (Connection c : new ArrayList<>(connections)) {
            try {
                c.expire(now);
            } catch (IOException | RuntimeException e) {
                c.close();
            }
            if (c.closed()) {
                connections.remove(c);
            }
        }
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closed
        }
    }
}
