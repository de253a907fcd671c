package dev.pancake.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** The agent arguments store=memory and admin=off, which override pancake.yml's redis: and admin:. */
class ArgumentOverridesTest {

    private static final String YAML = "redis: {url: redis://prod.example:6379/0}\n"
            + "admin: {port: 8081}\n"
            + "groups: {user: com.example.Ctx#USER}\n"
            + "flags:\n  NEW_CHECKOUT: {default: true, fallback: throw}\n";

    private static Config parse() throws ConfigException {
        return ConfigParser.parse(YAML, "pancake.yml", Map.<String, String>of()::get);
    }

    @Test
    void storeMemoryDropsRedisAndKeepsEverythingElse() throws Exception {
        Config config = ArgumentOverrides.parse("config=/app/pancake.yml,store=memory").apply(parse());
        assertNull(config.redis());
        assertNotNull(config.admin());
        assertEquals("user", config.groups().get(0).name());
        assertEquals(parse().flags().keySet(), config.flags().keySet());
        assertEquals("pancake.yml", config.source());
        assertTrue(config.namespace().matches("pancake-test-[0-9a-z]{10}"), "a test JVM's own: " + config.namespace());
    }

    @Test
    void adminOffDropsTheAdminPage() throws Exception {
        Config config = ArgumentOverrides.parse("admin=off").apply(parse());
        assertNull(config.admin());
        assertNotNull(config.redis());
        assertEquals(parse().namespace(), config.namespace());
    }

    @Test
    void bothTogether() throws Exception {
        Config config = ArgumentOverrides.parse("store=memory,admin=off").apply(parse());
        assertNull(config.redis());
        assertNull(config.admin());
    }

    @Test
    void withoutEitherTheConfigurationIsUnchanged() throws Exception {
        Config parsed = parse();
        assertSame(parsed, ArgumentOverrides.parse("config=/app/pancake.yml").apply(parsed));
        assertSame(parsed, ArgumentOverrides.parse(null).apply(parsed));
    }

    @Test
    void anotherStoreValueStillKeepsRedisOut() throws Exception {
        assertNull(ArgumentOverrides.parse("store=memroy").apply(parse()).redis());
    }
}
