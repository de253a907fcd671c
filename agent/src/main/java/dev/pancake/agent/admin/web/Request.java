package dev.pancake.agent.admin.web;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 request to the admin page: its method, path, headers (names in lower case) and
 * body. {@link #parseHead} reads the request line and headers that {@link Connection} collected,
 * strictly: anything the page would have to guess about is refused.
 */
final class Request {

    /** Headers beyond this many are refused with 431, like a head larger than {@link HttpListener#MAX_HEAD}. */
    static final int MAX_HEADERS = 100;

    final String method;
    final String path;
    final boolean http10;
    private final Map<String, String> headers;
    byte[] body = new byte[0];

    private Request(String method, String path, boolean http10, Map<String, String> headers) {
        this.method = method;
        this.path = path;
        this.http10 = http10;
        this.headers = headers;
    }

    /** A header's value, or null; {@code name} in lower case. */
    String header(String name) {
        return headers.get(name);
    }

    /** The body's length from Content-Length (0 without one). */
    long contentLength() throws Refused {
        String value = headers.get("content-length");
        if (value == null) {
            return 0;
        }
        if (!value.matches("\\d{1,18}")) {
            throw new Refused(400, "Content-Length must be a number of bytes");
        }
        return Long.parseLong(value);
    }

    /** Whether the connection ends after the answer: HTTP/1.0, or {@code Connection: close}. */
    boolean lastOnConnection() {
        String connection = headers.get("connection");
        return http10 || connection != null && connection.toLowerCase(Locale.ROOT).contains("close");
    }

    /**
     * Parses the head in {@code bytes[0..length)}: the request line, then one header per line,
     * each line ending in CRLF, the last line empty.
     */
    static Request parseHead(byte[] bytes, int length) throws Refused {
        String head = new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
        String[] lines = head.split("\r\n", -1);
        int first = 0;
        while (first < lines.length && lines[first].isEmpty()) {
            first++; // empty lines before a request are allowed
        }
        if (first >= lines.length) {
            throw new Refused(400, "expected a request line such as GET / HTTP/1.1");
        }
        String[] start = lines[first].split(" ", -1);
        if (start.length != 3 || !start[0].matches("[A-Z]{1,16}") || start[1].isEmpty()
                || !start[2].matches("HTTP/1\\.[01]")) {
            throw new Refused(400, "expected a request line such as GET / HTTP/1.1");
        }
        Map<String, String> headers = new HashMap<>();
        int count = 0;
        for (int i = first + 1; i < lines.length && !lines[i].isEmpty(); i++) {
            String line = lines[i];
            if (++count > MAX_HEADERS) {
                throw new Refused(431, "more than " + MAX_HEADERS + " header fields");
            }
            int colon = line.indexOf(':');
            if (colon <= 0 || !line.substring(0, colon).matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
                throw new Refused(400, "expected header fields as Name: value");
            }
            String name = line.substring(0, colon).toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            String before = headers.putIfAbsent(name, value);
            if (before != null) {
                if (name.equals("host") || name.equals("content-length") || name.equals("authorization")) {
                    throw new Refused(400, "more than one " + line.substring(0, colon) + " header");
                }
                headers.put(name, before + ", " + value);
            }
        }
        boolean http10 = start[2].equals("HTTP/1.0");
        if (!http10 && headers.get("host") == null) {
            throw new Refused(400, "an HTTP/1.1 request needs a Host header");
        }
        if (headers.containsKey("transfer-encoding")) {
            throw new Refused(411, "send the body with Content-Length, not Transfer-Encoding");
        }
        return new Request(start[0], path(start[1]), http10, headers);
    }

    /** The decoded path of a request target: {@code /status?x} and {@code http://host/status} are /status. */
    private static String path(String target) throws Refused {
        try {
            URI uri = new URI(target);
            String path = uri.getPath();
            if (path == null || path.isEmpty()) {
                return "/";
            }
            if (!path.startsWith("/") || !target.startsWith("/") && uri.getScheme() == null) {
                throw new Refused(400, "expected a path such as /status");
            }
            return path;
        } catch (java.net.URISyntaxException e) {
            throw new Refused(400, "expected a path such as /status");
        }
    }

    /** A request the page refuses before it reaches a route, with the status that says why. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        final int status;

        Refused(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }
}
