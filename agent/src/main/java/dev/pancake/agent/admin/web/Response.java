package dev.pancake.agent.admin.web;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import dev.pancake.agent.log.Secrets;

/** One answer of the admin page: a status, headers and a body, always with Content-Length. */
final class Response {

    final int status;
    private final String type;
    private final byte[] body;
    private final List<String> headers = new ArrayList<>();

    private Response(int status, String type, String body) {
        this.status = status;
        this.type = type;
        this.body = Secrets.scrub(body).getBytes(StandardCharsets.UTF_8); // no secret ever leaves, whatever made the body
    }

    static Response json(int status, String body) {
        return new Response(status, "application/json; charset=utf-8", body);
    }

    /** The Prometheus text exposition format. */
    static Response prometheus(String body) {
        return new Response(200, "text/plain; version=0.0.4; charset=utf-8", body);
    }

    static Response html(String body) {
        return new Response(200, "text/html; charset=utf-8", body);
    }

    /** A JSON answer {@code {"error": message}}. */
    static Response error(int status, String message) {
        return json(status, StatusJson.message("error", message));
    }

    Response header(String name, String value) {
        headers.add(name + ": " + value);
        return this;
    }

    /** The bytes on the wire; {@code close} adds {@code Connection: close}. */
    ByteBuffer bytes(boolean close) {
        StringBuilder head = new StringBuilder(256).append("HTTP/1.1 ").append(status).append(' ')
                .append(reason(status)).append("\r\n")
                .append("Content-Type: ").append(type).append("\r\n")
                .append("Content-Length: ").append(body.length).append("\r\n")
                .append("Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n")
                .append("Referrer-Policy: no-referrer\r\nX-Frame-Options: DENY\r\n");
        for (String h : headers) {
            head.append(h).append("\r\n");
        }
        if (close) {
            head.append("Connection: close\r\n");
        }
        byte[] start = head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
        return ByteBuffer.allocate(start.length + body.length).put(start).put(body).flip();
    }

    static String reason(int status) {
        switch (status) {
            case 200: return "OK";
            case 400: return "Bad Request";
            case 401: return "Unauthorized";
            case 403: return "Forbidden";
            case 404: return "Not Found";
            case 405: return "Method Not Allowed";
            case 408: return "Request Timeout";
            case 411: return "Length Required";
            case 413: return "Content Too Large";
            case 431: return "Request Header Fields Too Large";
            case 500: return "Internal Server Error";
            case 503: return "Service Unavailable";
            default: return "Status";
        }
    }
}
