package dev.pancake.agent.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Property: whatever the text, {@link ConfigParser} gives a Config or a {@link ConfigException}
 * whose every problem is one line naming pancake.yml and a line number; never an unchecked
 * exception, never a hang. Inputs are mutations of valid files (deleted, duplicated, swapped
 * characters and lines, YAML tokens, tags, anchors, ${VAR} references, huge numbers, odd unicode,
 * deep nesting) from a fixed seed, so a failure is reproducible; the failing input is printed.
 */
class ConfigFuzzTest {

    private static final long SEED = 0x9a4cace5L;
    private static final int MUTANTS = 6_000;
    private static final int GENERATED = 1_500;
    /** Generous: a parse takes well under a millisecond; only a hang or a blow-up comes near this. */
    private static final long SECONDS_PER_INPUT = 20;

    static final List<String> SAMPLES = List.of(ConfigParserTest.FULL_EXAMPLE, """
            redis:
              url: rediss://pancake:${REDIS_PASSWORD}@redis.internal:6380/2
              timeout-ms: ${TIMEOUT:-250}
              ca-cert: /etc/pancake/ca.pem
            admin: {port: 8081, bind: 0.0.0.0, token: "${ADMIN_TOKEN:-0123456789abcdef}"}
            flags:
              A: {default: true, fallback: {return: "off"}}
              B: {type: sample, default: 12.5}
              c-d.e_f:
              G: {type: flag, default: "${ON}", fallback: {return: null}}
            """, """
            namespace: shop-eu
            redis:
              sentinel: {master: mymaster, nodes: ["127.0.0.1:26379", "127.0.0.1:26380"], password: x}
              user: pancake
              password: ${REDIS_PASSWORD}
            groups: {user: a.B#USER, plan: a.B#session().account.plan}
            flags:
              X:
                type: flag
                fallback: skip
                methods:
                  a.B#c: throw
                  a.B#d: {call: e}
              Y: {type: sample, default: 100, sticky: user}
            """, """
            redis:
              cluster:
                - 127.0.0.1:7000
                - "127.0.0.1:7001"
              tls: yes
              timeout-ms: 60000
            flags: {}
            """);

    private static final String[] TOKENS = {
        ":", ": ", "\n", "\n  ", "  ", "\t", "-", "- ", "[", "]", "{", "}", ",", "#", "&a ", "*a", "<<: *a\n", "? ",
        "!!java.lang.Object ", "!!javax.script.ScriptEngineManager [!!java.net.URL [\"http://127.0.0.1:1/\"]]",
        "!<tag:yaml.org,2002:java.lang.Runtime> ", "!local ", "!!binary ", "!!set ", "!!omap ", "!!str ", "!!int ",
        "!!float ", "!!bool ", "!!null ", "!!timestamp ", "!!merge ", "%YAML 1.1\n---\n", "%TAG ! tag:x,2000:\n",
        "---\n", "...\n", "|\n", ">-\n", "'", "\"", "\\", "\\u", "${", "${X}", "${UNSET}", "${A:-}", "${:-x}", "$$",
        "${REDIS_PASSWORD}", "99999999999999999999999999", "-9223372036854775809", "1e400", "-1e-400", ".nan",
        ".inf", "-.inf", "0x1F", "0o17", "0b101", "1_000", "+12", "~", "null", "true", "off", "y", "2001-12-14",
        "1:20", "\u0000", "\uFEFF", "\u202E", "\u0085", "\u2028", "\uD800", "\uDC00", "\uD83D\uDE00", "é", "\u3000",
        "\r", "\r\n", "\f", "\u001B[31m", "#Class", "#m()", ".x", "()", "redis://u:p@h:1", "rediss://", "%",
        "@", "`", "type: flag", "default: 100", "sticky: user", "fallback: {return: x}", "methods: {a.B#c: skip}",
    };

    private static final Function<String, String> ENV = Map.of("REDIS_PASSWORD", "pw", "TIMEOUT", "75", "ON", "true",
            "X", "${X}", "ADMIN_TOKEN", "a-token-of-some-length")::get;

    private static ExecutorService worker;

    @BeforeAll
    static void startWorker() {
        worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "config-fuzz");
            t.setDaemon(true);
            return t;
        });
    }

    @AfterAll
    static void stopWorker() {
        worker.shutdownNow();
    }

    @Test
    void theSamplesAreValid() throws Exception {
        for (String sample : SAMPLES) {
            assertNotNull(ConfigParser.parse(sample, "pancake.yml", ENV));
        }
    }

    @Test
    void mutatedFilesGiveAConfigOrProblemsWithLines() {
        Random random = new Random(SEED);
        int valid = 0;
        for (int i = 0; i < MUTANTS; i++) {
            String text = SAMPLES.get(random.nextInt(SAMPLES.size()));
            int edits = 1 + random.nextInt(random.nextInt(8) + 1);
            for (int e = 0; e < edits; e++) {
                text = mutate(text, random);
            }
            valid += check(text) ? 1 : 0;
        }
        // the property holds either way; this only shows that the mutants explore both outcomes
        assertTrue(valid > 0 && valid < MUTANTS, valid + " of " + MUTANTS + " mutants were valid");
    }

    @Test
    void generatedFilesGiveAConfigOrProblemsWithLines() {
        Random random = new Random(SEED + 1);
        for (int i = 0; i < GENERATED; i++) {
            StringBuilder b = new StringBuilder();
            int n = random.nextInt(60);
            for (int t = 0; t < n; t++) {
                b.append(random.nextInt(4) == 0 ? randomWord(random) : TOKENS[random.nextInt(TOKENS.length)]);
            }
            check(b.toString());
        }
    }

    @Test
    void deepNestingAndHugeValuesAreRefusedOrAccepted() {
        for (int depth : new int[] {19, 21, 50, 1_000, 100_000}) {
            check("flags: " + "[".repeat(depth) + "]".repeat(depth) + "\n");
            check("flags: " + "{a: ".repeat(depth) + "b" + "}".repeat(depth) + "\n");
            StringBuilder block = new StringBuilder("flags:\n");
            for (int d = 1; d < Math.min(depth, 2_000); d++) {
                block.append(" ".repeat(d)).append("a").append(d).append(":\n");
            }
            check(block.toString());
        }
        check("flags:\n  A: {type: sample, default: " + "9".repeat(100_000) + "}\n");
        check("flags:\n  " + "A".repeat(100_000) + ": {}\n");
        check("namespace: " + "x".repeat(3_000_000) + "\n");
        check("namespace: " + "x".repeat(5 * 1024 * 1024) + "\n");
        check("a: &a [" + "*a, ".repeat(30) + "]\n");
        check("a: &a [x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
                + "d: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n");
        check("redis:\n  url: ${" + "A".repeat(10_000) + "\n");
        check("redis:\n  url: " + "${X}".repeat(10_000) + "\n");
    }

    /** Parses one input under the property; true when it was valid. */
    private static boolean check(String text) {
        Future<Config> parse = worker.submit(() -> ConfigParser.parse(text, "pancake.yml", ENV));
        try {
            Config config = parse.get(SECONDS_PER_INPUT, TimeUnit.SECONDS);
            assertNotNull(config, () -> "null config for " + escape(text));
            config.toString(); // describing a config never throws either
            return true;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (!(cause instanceof ConfigException ce)) {
                throw new AssertionError("unchecked " + cause + " for input " + escape(text), cause);
            }
            assertFalse(ce.problems().isEmpty(), () -> "no problem listed for " + escape(text));
            for (ConfigException.Problem p : ce.problems()) {
                String line = p.toString();
                assertTrue(line.startsWith("pancake.yml:") && p.line() > 0 || text.length() > 4 * 1024 * 1024,
                        () -> "no line number in \"" + line + "\" for " + escape(text));
                assertFalse(line.contains("\n") || line.contains("\r"), () -> "more than one line: " + escape(line));
                assertTrue(p.message().length() > 10, () -> "an unclear message: " + line);
                assertFalse(line.contains("\tat ") || line.contains("Exception"), () -> "a stack trace: " + line);
            }
            return false;
        } catch (TimeoutException e) {
            parse.cancel(true);
            fail("no answer within " + SECONDS_PER_INPUT + " s for " + escape(text));
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String mutate(String text, Random random) {
        if (text.isEmpty()) {
            return TOKENS[random.nextInt(TOKENS.length)];
        }
        int at = random.nextInt(text.length());
        switch (random.nextInt(8)) {
            case 0: // delete a character
                return text.substring(0, at) + text.substring(at + 1);
            case 1: // duplicate a character
                return text.substring(0, at + 1) + text.charAt(at) + text.substring(at + 1);
            case 2: // insert a token
                return text.substring(0, at) + TOKENS[random.nextInt(TOKENS.length)] + text.substring(at);
            case 3: // replace a run with a word
                int end = Math.min(text.length(), at + 1 + random.nextInt(8));
                return text.substring(0, at) + randomWord(random) + text.substring(end);
            case 4: { // swap two lines
                List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
                int a = random.nextInt(lines.size());
                int b = random.nextInt(lines.size());
                String t = lines.get(a);
                lines.set(a, lines.get(b));
                lines.set(b, t);
                return String.join("\n", lines);
            }
            case 5: { // duplicate a line
                List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
                int a = random.nextInt(lines.size());
                lines.add(a, lines.get(a));
                return String.join("\n", lines);
            }
            case 6: // change the indentation of a line
                int lineStart = text.lastIndexOf('\n', at) + 1;
                return text.substring(0, lineStart) + " ".repeat(random.nextInt(5)) + text.substring(lineStart);
            default: // a random code point
                return text.substring(0, at) + new String(Character.toChars(randomCodePoint(random))) + text.substring(at);
        }
    }

    private static String randomWord(Random random) {
        StringBuilder b = new StringBuilder();
        int n = 1 + random.nextInt(12);
        for (int i = 0; i < n; i++) {
            b.appendCodePoint(random.nextInt(3) == 0 ? randomCodePoint(random) : "abcXYZ019_-.#:$"
                    .charAt(random.nextInt(15)));
        }
        return b.toString();
    }

    private static int randomCodePoint(Random random) {
        switch (random.nextInt(4)) {
            case 0: return random.nextInt(0x20);
            case 1: return 0x20 + random.nextInt(0x60);
            case 2: return random.nextInt(0x10000);
            default: return random.nextInt(Character.MAX_CODE_POINT + 1);
        }
    }

    static String escape(String text) {
        StringBuilder b = new StringBuilder("\"");
        String shown = text.length() > 2_000 ? text.substring(0, 2_000) + "...(" + text.length() + " chars)" : text;
        for (char c : shown.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c == '\n') {
                b.append("\\n");
            } else if (c < 0x20 || c > 0x7e) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
