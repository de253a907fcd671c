package dev.pancake.agent.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import redis.clients.jedis.util.KeyValue;

class HandshakeConnectionTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aResp3MapDecodesToTextAndNumbers() {
        Object reply = List.of(KeyValue.of(b("server"), b("redis")), KeyValue.of(b("version"), b("7.0.15")),
                KeyValue.of(b("proto"), 3L), KeyValue.of(b("modules"), List.of()));
        Map<String, Object> hello = HandshakeConnection.map(reply);
        assertEquals("redis", hello.get("server"));
        assertEquals("7.0.15", hello.get("version"));
        assertEquals(3L, hello.get("proto"));
        assertEquals(List.of(), hello.get("modules"));
    }

    @Test
    void aResp2ListOfPairsDecodesTheSame() {
        Object reply = List.of(b("server"), b("redis"), b("proto"), 2L, b("modules"),
                List.of(List.of(b("name"), b("search"))));
        Map<String, Object> hello = HandshakeConnection.map(reply);
        assertEquals("redis", hello.get("server"));
        assertEquals(2L, hello.get("proto"));
        assertEquals(List.of(List.of("name", "search")), hello.get("modules"));
    }

    @Test
    void anUnexpectedReplyIsAnEmptyMap() {
        assertEquals(Map.of(), HandshakeConnection.map(b("OK")));
    }
}
