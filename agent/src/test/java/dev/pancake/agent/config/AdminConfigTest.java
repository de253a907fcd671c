package dev.pancake.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The {@code admin:} section of pancake.yml. */
class AdminConfigTest {

    private static Config parse(String yaml) throws ConfigException {
        return ConfigParser.parse(yaml, "pancake.yml", Map.of("BLANK", "          ")::get);
    }

    private static String problems(String yaml) {
        return assertThrows(ConfigException.class, () -> parse(yaml)).getMessage();
    }

    @Test
    void hostsListsTheNamesThePageAnswersTo() throws Exception {
        AdminSettings a = parse("admin: {port: 8081, hosts: [pancake.internal, 10.0.0.5, \"[fd00::5]\"]}\n").admin();
        assertEquals(List.of("pancake.internal", "10.0.0.5", "[fd00::5]"), a.hosts());
        assertEquals(List.of(), parse("admin: {port: 8081}\n").admin().hosts());
    }

    @Test
    void hostsMustBeAListOfNames() {
        String notAList = problems("admin: {port: 8081, hosts: pancake.internal}\n");
        assertTrue(notAList.contains("pancake.yml:1:28: admin.hosts: expected a list of host names, such as"
                + " [pancake.internal]"), notAList);
        String notAName = problems("admin:\n  port: 8081\n  hosts: [\"http://x/\"]\n");
        assertTrue(notAName.contains("pancake.yml:3:11: admin.hosts: expected a host name or address, such as"
                + " pancake.internal, got \"http://x/\""), notAName);
    }

    @Test
    void aTokenOfOnlySpacesIsRefusedWithItsLine() {
        String written = problems("admin:\n  port: 8081\n  token: \"          \"\n");
        assertTrue(written.contains("pancake.yml:3:10: admin.token: expected a token, got only spaces"), written);
        String expanded = problems("admin:\n  port: 8081\n  token: ${BLANK}\n");
        assertTrue(expanded.contains("pancake.yml:3:10: admin.token: expected a token, got only spaces"), expanded);
        assertTrue(problems("admin: {port: 8081, token: \"\\t \\t\"}\n").contains("admin.token: expected a token,"
                + " got only spaces"));
    }

    @Test
    void namedTokensAreTheActorsOfTheirChanges() throws Exception {
        AdminSettings a = parse("admin:\n  port: 8081\n  token: single-token-1\n  tokens:\n    alice: alice-token-1\n"
                + "    deploy-bot: bot-token-22\n").admin();
        assertEquals(Map.of("alice", "alice-token-1", "deploy-bot", "bot-token-22", "admin", "single-token-1"), a.accepted());
        assertTrue(!a.readOnly());
        assertTrue(parse("admin: {port: 8081}\n").admin().readOnly());
    }

    @Test
    void namedTokensAreCheckedLikeTheToken() {
        String shortToken = problems("admin:\n  port: 8081\n  tokens:\n    alice: short\n");
        assertTrue(shortToken.contains("pancake.yml:4:12: admin.tokens.alice: expected at least 8 characters"), shortToken);
        String shared = problems("admin:\n  port: 8081\n  tokens:\n    alice: same-token-1\n    bob: same-token-1\n");
        assertTrue(shared.contains("admin.tokens.bob: the same token as another name"), shared);
    }

    @Test
    void appNamesTheApplication() throws Exception {
        assertEquals("checkout", parse("app: checkout\n").app());
        assertTrue(problems("app: \"my app\"\n").contains("app: expected an application name"));
    }
}
