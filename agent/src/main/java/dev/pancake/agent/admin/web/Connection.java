package dev.pancake.agent.admin.web;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

import dev.pancake.agent.log.Log;

/**
 * One client connection of the admin page, driven by {@link HttpListener}'s thread: it collects
 * a request's head and body into fixed-size buffers, answers, and then waits for the next
 * request on the same connection. Every state has a deadline; a client that is too slow or sends
 * too much is answered with 408, 413 or 431 and the connection ends.
 */
final class Connection {

    enum State {
        /** Waiting for the first byte of a request. */
        IDLE,
        /** Reading a request's head. */
        HEAD,
        /** Reading a request's body (Content-Length bytes). */
        BODY,
        /** Writing an answer. */
        WRITE,
        /** Answered and closing: reads and drops what the client still sends, so that it reads the answer. */
        LINGER
    }

    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);

    private final SocketChannel channel;
    private final SelectionKey key;
    private final Function<Request, Response> handler;
    private final ByteBuffer head = ByteBuffer.allocate(HttpListener.MAX_HEAD);
    /** Bytes of {@link #head} already searched for the head's end. */
    private int scanned;
    private Request request;
    private ByteBuffer body;
    private ByteBuffer out;
    private boolean closeAfter;
    private long lingerLeft;
    private State state = State.IDLE;
    private long deadline;
    private boolean closed;

    Connection(SocketChannel channel, SelectionKey key, Function<Request, Response> handler, long now) {
        this.channel = channel;
        this.key = key;
        this.handler = handler;
        this.deadline = now + HttpListener.IDLE_TIMEOUT.toNanos();
    }

    State state() {
        return state;
    }

    boolean closed() {
        return closed;
    }

    void readable(long now) throws IOException {
        switch (state) {
            case IDLE:
            case HEAD:
                if (read(head) && state == State.IDLE && head.position() > 0) {
                    state = State.HEAD;
                    deadline = now + HttpListener.HEAD_TIMEOUT.toNanos();
                }
                process(now);
                break;
            case BODY:
                if (read(body) && !body.hasRemaining()) {
                    request.body = body.array();
                    body = null;
                    answer(handle(request), false, now);
                    process(now);
                }
                break;
            case LINGER:
                head.clear();
                int n = channel.read(head);
                lingerLeft -= Math.max(n, 0);
                if (n < 0 || lingerLeft <= 0) {
                    close();
                }
                break;
            default:
                break;
        }
    }

    void writable(long now) throws IOException {
        if (state == State.WRITE) {
            write(now);
            process(now);
        }
    }

    /** Ends the connection when its state's deadline has passed. */
    void expire(long now) throws IOException {
        if (now - deadline < 0) {
            return;
        }
        switch (state) {
            case HEAD:
                refuse(408, "the request's head did not arrive within " + HttpListener.HEAD_TIMEOUT.toSeconds() + " s", now);
                break;
            case BODY:
                refuse(408, "the request's body did not arrive within " + HttpListener.BODY_TIMEOUT.toSeconds() + " s", now);
                break;
            default:
                close(); // idle, an answer that the client does not read, or a linger that is over
                break;
        }
    }

    /** Reads into {@code buffer}; false (and closed) at the end of the client's stream. */
    private boolean read(ByteBuffer buffer) throws IOException {
        if (channel.read(buffer) < 0) {
            close();
            return false;
        }
        return true;
    }

    /** Answers every complete request in the head buffer, until one needs more bytes. */
    private void process(long now) throws IOException {
        while (!closed && (state == State.IDLE || state == State.HEAD) && head.position() > 0) {
            if (state == State.IDLE) {
                state = State.HEAD;
                deadline = now + HttpListener.HEAD_TIMEOUT.toNanos();
            }
            int end = headEnd();
            if (end < 0) {
                if (!head.hasRemaining()) {
                    refuse(431, "the request's head is larger than " + HttpListener.MAX_HEAD + " bytes", now);
                }
                return;
            }
            long length;
            try {
                request = Request.parseHead(head.array(), end);
                length = request.contentLength();
                if (length > HttpListener.MAX_BODY) {
                    throw new Request.Refused(413, "the body is larger than " + HttpListener.MAX_BODY + " bytes");
                }
            } catch (Request.Refused r) {
                refuse(r.status, r.getMessage(), now);
                return;
            }
            consume(end);
            if (length > 0) {
                body = ByteBuffer.allocate((int) length);
                int n = Math.min((int) length, head.position());
                body.put(head.array(), 0, n);
                consume(n);
                if (body.hasRemaining()) {
                    state = State.BODY;
                    deadline = now + HttpListener.BODY_TIMEOUT.toNanos();
                    if ("100-continue".equalsIgnoreCase(request.header("expect"))) {
                        channel.write(ByteBuffer.wrap(CONTINUE)); // into an empty send buffer: never partial
                    }
                    return;
                }
                request.body = body.array();
                body = null;
            }
            answer(handle(request), false, now);
        }
    }

    private Response handle(Request r) {
        try {
            return handler.apply(r);
        } catch (RuntimeException e) {
            Log.once(Log.Level.ERROR, "admin:" + e.getClass().getName(), "admin page: a request failed: " + e);
            return Response.error(500, "the agent failed: " + e);
        }
    }

    /** Answers with {@code status} and ends the connection: what the client sent is not a request the page takes. */
    private void refuse(int status, String message, long now) throws IOException {
        Log.once(Log.Level.DEBUG, "admin:refused:" + status, "admin page: answered " + status + ": " + message
                + " (said once)");
        answer(Response.error(status, message), true, now);
    }

    private void answer(Response response, boolean close, long now) throws IOException {
        closeAfter = close || request == null || request.lastOnConnection();
        request = null;
        out = response.bytes(closeAfter);
        state = State.WRITE;
        deadline = now + HttpListener.WRITE_TIMEOUT.toNanos();
        write(now);
    }

    private void write(long now) throws IOException {
        channel.write(out);
        if (out.hasRemaining()) {
            key.interestOps(SelectionKey.OP_WRITE);
            return;
        }
        out = null;
        key.interestOps(SelectionKey.OP_READ);
        if (closeAfter) {
            channel.shutdownOutput();
            state = State.LINGER;
            lingerLeft = HttpListener.LINGER_BYTES;
            deadline = now + HttpListener.LINGER_TIMEOUT.toNanos();
        } else {
            state = State.IDLE;
            deadline = now + HttpListener.IDLE_TIMEOUT.toNanos();
        }
    }

    /** The length of the head (through its empty line) at the start of {@link #head}, or -1. */
    private int headEnd() {
        byte[] b = head.array();
        for (int i = Math.max(scanned - 3, 0); i + 3 < head.position(); i++) {
            if (b[i] == '\r' && b[i + 1] == '\n' && b[i + 2] == '\r' && b[i + 3] == '\n') {
                scanned = 0;
                return i + 4;
            }
        }
        scanned = head.position();
        return -1;
    }

    /** Drops the first {@code n} bytes of {@link #head}. */
    private void consume(int n) {
        head.flip().position(n);
        head.compact();
        scanned = 0;
    }

    void close() {
        if (!closed) {
            closed = true;
            key.cancel();
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing left to release
            }
        }
    }
}
