package dev.pancake.agent.admin.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;

import org.junit.jupiter.api.Test;

class AdminServerTest {

    @Test
    void loopbackNamesAreThisMachine() {
        for (String host : new String[] {"127.0.0.1:8081", "localhost:8081", "LOCALHOST", "127.1.2.3", "[::1]:8081",
                "[::1]", null}) {
            assertTrue(AdminServer.loopbackHost(host), host);
        }
    }

    @Test
    void otherNamesAreNot() {
        for (String host : new String[] {"attacker.example", "attacker.example:8081", "localhost.attacker.example",
                "127.0.0.1.attacker.example", "10.0.0.1:8081", ""}) {
            assertFalse(AdminServer.loopbackHost(host), host);
        }
    }

    @Test
    void urlsBracketIpv6Addresses() throws Exception {
        assertEquals("http://127.0.0.1:81/", AdminServer.url(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 81)));
        assertEquals("http://[0:0:0:0:0:0:0:1]:81/", AdminServer.url(new InetSocketAddress(InetAddress.getByName("::1"), 81)));
    }
}
