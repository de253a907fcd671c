package dev.pancake.agent.admin.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.pancake.agent.config.AdminSettings;

class AdminServerTest {

    private static final AdminSettings LOOPBACK = new AdminSettings(8081, "127.0.0.1", null, List.of());

    @Test
    void loopbackNamesAreThisMachine() {
        for (String host : new String[] {"127.0.0.1:8081", "localhost:8081", "LOCALHOST", "localhost.", "127.1.2.3",
                "[::1]:8081", "[::1]", "[0:0:0:0:0:0:0:1]:8081", null}) {
            assertTrue(AllowedHosts.allows(host, LOOPBACK), host);
        }
    }

    @Test
    void otherNamesAreNot() {
        for (String host : new String[] {"attacker.example", "attacker.example:8081", "localhost.attacker.example",
                "127.0.0.1.attacker.example", "10.0.0.1:8081", "", "[::2]", "[::1"}) {
            assertFalse(AllowedHosts.allows(host, LOOPBACK), host);
        }
    }

    @Test
    void theBindAddressAndAdminHostsAreAllowed() {
        AdminSettings open = new AdminSettings(8081, "10.0.0.5", "t0ken-t0ken", List.of("Pancake.Internal", "[fd00::5]"));
        for (String host : new String[] {"10.0.0.5:8081", "pancake.internal", "PANCAKE.internal:8081", "[fd00::5]:8081",
                "localhost"}) {
            assertTrue(AllowedHosts.allows(host, open), host);
        }
        assertFalse(AllowedHosts.allows("10.0.0.6", open));
        assertFalse(AllowedHosts.allows("pancake.internal.attacker.example", open));
    }

    @Test
    void urlsBracketIpv6Addresses() throws Exception {
        assertEquals("http://127.0.0.1:81/", AdminServer.url(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 81)));
        assertEquals("http://[0:0:0:0:0:0:0:1]:81/", AdminServer.url(new InetSocketAddress(InetAddress.getByName("::1"), 81)));
    }
}
