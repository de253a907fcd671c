package dev.pancake.agent.admin.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class RequestTest {

    private static Request parse(String head) throws Request.Refused {
        byte[] bytes = head.getBytes(StandardCharsets.ISO_8859_1);
        return Request.parseHead(bytes, bytes.length);
    }

    private static int refused(String head) {
        return assertThrows(Request.Refused.class, () -> parse(head)).status;
    }

    @Test
    void readsTheMethodPathAndHeaders() throws Exception {
        Request r = parse("\r\nPOST /api/command?x=1 HTTP/1.1\r\nHost: 127.0.0.1\r\nAUTHORIZATION: Bearer t\r\n"
                + "Content-Length: 12\r\n\r\n");
        assertEquals("POST", r.method);
        assertEquals("/api/command", r.path);
        assertEquals("Bearer t", r.header("authorization"));
        assertEquals(12, r.contentLength());
        assertFalse(r.lastOnConnection());
        assertEquals("/status", parse("GET /%73tatus HTTP/1.1\r\nHost: h\r\n\r\n").path);
        assertEquals("/status", parse("GET http://h/status HTTP/1.1\r\nHost: h\r\n\r\n").path);
        assertTrue(parse("GET / HTTP/1.0\r\n\r\n").lastOnConnection(), "HTTP/1.0 needs no Host and ends the connection");
        assertTrue(parse("GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n").lastOnConnection());
    }

    @Test
    void refusesWhatItWouldHaveToGuess() {
        assertEquals(400, refused("GET / HTTP/1.1\r\n\r\n"), "HTTP/1.1 without Host");
        assertEquals(400, refused("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"));
        assertEquals(400, refused("GET / HTTP/1.1\r\nHost: a\r\n folded\r\n\r\n"));
        assertEquals(400, refused("GET / HTTP/2.0\r\nHost: a\r\n\r\n"));
        assertEquals(400, refused("get / HTTP/1.1\r\nHost: a\r\n\r\n"));
        assertEquals(400, refused("GET  / HTTP/1.1\r\nHost: a\r\n\r\n"));
        assertEquals(400, refused("GET * HTTP/1.1\r\nHost: a\r\n\r\n"));
        assertEquals(400, refused("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n"));
        assertEquals(411, refused("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"));
        assertEquals(431, refused("GET / HTTP/1.1\r\nHost: a\r\n" + "X: y\r\n".repeat(Request.MAX_HEADERS) + "\r\n"));
        assertThrows(Request.Refused.class, () -> parse("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n")
                .contentLength());
    }
}
