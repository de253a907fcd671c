package dev.pancake.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.pancake.agent.log.Log;
import dev.pancake.agent.log.Secrets;
import dev.pancake.agent.store.Store;
import dev.pancake.agent.store.StoreException;
import dev.pancake.agent.store.Stores;

/**
 * A password or token read from pancake.yml never comes out again, whatever characters it holds
 * and whether or not the URL around it can be parsed: not in a store's description, not in a
 * config problem, not in a store error, not in a log line.
 */
class SecretsTest {

    /** Passwords that break URL parsing one way or another; each is distinctive enough to search for. */
    static Stream<String> awkwardPasswords() {
        List<String> out = new ArrayList<>(List.of("s3cret-Kube\n", "pass word-Q7", " lead-trail-W2 ", "at@sign-P4@x",
                "co:lon:s-R9", "sla/sh/es-T3", "pct%40esc%2Fd-U1", "bad%zz%4-esc-V5", "%%%-pct-only-Y6",
                "ünï©ødé-密码-Z8", "tab\there-A1", "cr\rlf\r\n-B2", "q\"uote'-<html>&-C3", "back\\slash\\-D4",
                "hash#frag?q=1-E5", "${dollar}-F6", "L".repeat(3000) + "-long-G7"));
        Random random = new Random(0x5ec12e75L);
        String alphabet = "aZ9 \n\t@:/%?#&=+;,'\"\\<>ü密€$-_.~";
        for (int i = 0; i < 40; i++) {
            StringBuilder b = new StringBuilder("Fz").append(i).append('-');
            for (int n = 4 + random.nextInt(40); n > 0; n--) {
                b.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            out.add(b.toString());
        }
        return out.stream();
    }

    private final ByteArrayOutputStream logged = new ByteArrayOutputStream();

    @AfterEach
    void restoreLog() {
        Log.redirect(System.err, Log.Level.INFO);
    }

    private static void assertHidden(String password, String text) {
        String core = password.strip();
        assertFalse(text.contains(core), () -> "password " + quote(password) + " shown in\n" + text);
        String decoded = Secrets.percentDecoded(core);
        assertFalse(decoded.length() >= Secrets.MIN_LENGTH && text.contains(decoded),
                () -> "decoded password " + quote(decoded) + " shown in\n" + text);
    }

    private static String quote(String s) {
        return "\"" + s.replace("\n", "\\n").replace("\r", "\\r") + "\"";
    }

    private static String yamlQuoted(String s) {
        StringBuilder b = new StringBuilder("\"");
        s.codePoints().forEach(c -> b.append(c == '"' || c == '\\' ? "\\" + (char) c
                : c < 0x20 ? String.format("\\x%02x", c) : new String(Character.toChars(c))));
        return b.append('"').toString();
    }

    @ParameterizedTest
    @MethodSource("awkwardPasswords")
    void anAwkwardPasswordInTheUrlIsHiddenEverywhere(String password) throws Exception {
        Log.redirect(new PrintStream(logged, true, StandardCharsets.UTF_8), Log.Level.DEBUG);
        List<String> seen = new ArrayList<>();
        // from the environment, as a Kubernetes secret file would give it
        Map<String, String> env = Map.of("REDIS_PASSWORD", password);
        Config config = ConfigParser.parse("redis:\n  url: redis://pancake:${REDIS_PASSWORD}@127.0.0.1:1/0\n"
                + "  timeout-ms: 50\n", "pancake.yml", env::get);
        seen.add(config.redis().describe());
        seen.add(config.redis().toString());
        try (Store store = Stores.open(config.redis())) {
            seen.add(store.describe());
            try {
                store.read(List.of("SWITCH:pancake:X"));
            } catch (StoreException e) {
                seen.add(e.getMessage());
                Log.warn("the store failed: " + e.getMessage() + " / " + e.getCause());
            }
        }
        // the same password written into the file, in a URL with the wrong scheme
        try {
            ConfigParser.parse("redis:\n  url: " + yamlQuoted("http://pancake:" + password + "@host/0") + "\n",
                    "pancake.yml");
        } catch (ConfigException e) {
            seen.add(e.getMessage());
        }
        Log.debug("a message we did not write: redis://pancake:" + password + "@host " + password);
        seen.add(logged.toString(StandardCharsets.UTF_8));
        for (String s : seen) {
            assertHidden(password, s);
        }
    }

    /** A config whose ${...} cannot be expanded is refused, but its secrets are known all the same. */
    private static void parseEvenIfInvalid(String yaml) {
        try {
            ConfigParser.parse(yaml, "pancake.yml", name -> null);
        } catch (ConfigException e) {
            // expected for a password holding ${...}; what matters is what scrub does afterwards
        }
    }

    @ParameterizedTest
    @MethodSource("awkwardPasswords")
    void passwordsAndTokensOutsideUrlsAreHiddenToo(String password) throws Exception {
        String sentinel = "sentinel-" + password;
        String token = "token-" + password;
        parseEvenIfInvalid("redis:\n  url: redis://127.0.0.1:1/0\n  password: " + yamlQuoted(password)
                + "\nadmin: {port: 0, token: " + yamlQuoted(token) + "}\n");
        parseEvenIfInvalid("redis:\n  sentinel: {master: m, nodes: [\"127.0.0.1:1\"], password: "
                + yamlQuoted(sentinel) + "}\n");
        String text = Secrets.scrub("auth " + password + " / " + sentinel + " / " + token + " failed");
        assertHidden(password, text);
        assertHidden(sentinel, text);
        assertHidden(token, text);
    }

    @Test
    void aUrlsUserInfoIsRedactedWithoutKnowingThePassword() {
        assertEquals("failed: redis://app:***@db:6379/0 said no", Secrets.redactUrl("failed: redis://app:hunter2@db:6379/0 said no"));
        assertEquals("redis://***@db", Secrets.redactUrl("redis://hunter2@db"));
        assertEquals("a redis://u:***@h1 and rediss://v:***@h2", Secrets.redactUrl("a redis://u:p w@h1 and rediss://v:p@q@h2"));
        assertEquals("no url user@example.com", Secrets.redactUrl("no url user@example.com"));
    }

    @Test
    void theUrlPasswordRunsToTheLastAtSign() {
        assertEquals("p@ss word\n", Secrets.urlPassword("redis://app:p@ss word\n@db:6379/0"));
        assertEquals("secret", Secrets.urlPassword("redis://secret@db"));
        assertEquals("pw", Secrets.urlPassword("not a url:pw@db"));
        assertNull(Secrets.urlPassword("redis://db:6379/0"));
        assertEquals("redis://app:***@db:6379/0", Secrets.describeUrl("redis://app:p@ss word\n@db:6379/0"));
        assertEquals("redis://db:6379/0", Secrets.describeUrl("redis://db:6379/0"));
    }

    @Test
    void percentEscapesAreDecodedAndInvalidOnesKept() {
        assertEquals("a@b/c", Secrets.percentDecoded("a%40b%2fc"));
        assertEquals("%zz%4", Secrets.percentDecoded("%zz%4"));
        assertEquals("ü", Secrets.percentDecoded("%C3%BC"));
    }

    @Test
    void theNewestSecretsStayKnownWhenTheOldestAreForgotten() {
        for (int i = 0; i < 600; i++) {
            Secrets.remember("filler-secret-" + "x".repeat(i % 50) + i);
        }
        Secrets.remember("the-newest-Jq8w");
        Secrets.remember("newer-but-shorter");
        assertEquals("*** and ***", Secrets.scrub("the-newest-Jq8w and newer-but-shorter"));
    }

    @Test
    void shortSecretsDoNotBlankOutOrdinaryText() {
        Secrets.remember("ab");
        Secrets.remember("   ");
        assertEquals("a table of   words", Secrets.scrub("a table of   words"));
        assertTrue(Secrets.describeUrl("redis://u:ab@h").equals("redis://u:***@h"));
    }
}
