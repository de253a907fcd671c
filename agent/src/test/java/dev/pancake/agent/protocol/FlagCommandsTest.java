package dev.pancake.agent.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.pancake.agent.config.Config;
import dev.pancake.agent.config.ConfigParser;
import dev.pancake.agent.config.FlagType;
import dev.pancake.agent.store.MemoryStore;
import dev.pancake.agent.store.StoreException;

/**
 * Every write, key by key as flask-pancake writes it, and every mistake a caller can make, with
 * the message that names it. (clear-all-group's guard against foreign members: ClearAllGroupTest.)
 */
class FlagCommandsTest {

    private final MemoryStore store = new MemoryStore();
    private final Keys keys = new Keys("shop");
    private final Config config;

    FlagCommandsTest() throws Exception {
        config = ConfigParser.parse("namespace: shop\ngroups:\n  user: a.B#C\n  tenant: a.B#D\nflags:\n"
                + "  NEW_CHECKOUT: {}\n  BETA: {type: flag}\n  RANKING: {type: sample, default: 10}\n", "pancake.yml",
                Map.<String, String>of()::get);
    }

    private List<String> apply(FlagType type, String name, String verb, String group, String id, String value)
            throws StoreException {
        // any verb, not only the type's own: apply itself must refuse a verb the type does not have
        Verb v = Arrays.stream(Verb.values()).filter(x -> x.word().equals(verb)).findFirst().orElseThrow();
        return FlagCommands.apply(store, config, keys, type, name, v, group, id, value);
    }

    private String get(String key) throws StoreException {
        return store.get(List.of(key)).get(key);
    }

    private Set<String> members(String key) throws StoreException {
        return store.members(key, 100).members();
    }

    private String mistake(FlagType type, String name, String verb, String group, String id, String value) {
        return assertThrows(IllegalArgumentException.class, () -> apply(type, name, verb, group, id, value))
                .getMessage();
    }

    @Test
    void aSwitchIsEnabledDisabledAndClearedOnItsOwnKey() throws StoreException {
        assertEquals(List.of("SWITCH:shop:NEW_CHECKOUT"), apply(FlagType.SWITCH, "new_checkout", "enable", null, null, null));
        assertEquals("1", get("SWITCH:shop:NEW_CHECKOUT"));
        apply(FlagType.SWITCH, "NEW_CHECKOUT", "disable", null, null, null);
        assertEquals("0", get("SWITCH:shop:NEW_CHECKOUT"));
        apply(FlagType.SWITCH, "NEW_CHECKOUT", "clear", null, null, null);
        assertNull(get("SWITCH:shop:NEW_CHECKOUT"));
    }

    @Test
    void aSamplesPercentageIsWrittenAsADecimal() throws StoreException {
        assertEquals(List.of("SAMPLE:shop:RANKING"), apply(FlagType.SAMPLE, "RANKING", "set", null, null, "42.50"));
        assertEquals("42.5", get("SAMPLE:shop:RANKING"));
        apply(FlagType.SAMPLE, "RANKING", "set", null, null, "100");
        assertEquals("100.0", get("SAMPLE:shop:RANKING"));
        apply(FlagType.SAMPLE, "RANKING", "clear", null, null, null);
        assertNull(get("SAMPLE:shop:RANKING"));
    }

    @Test
    void aGroupOverrideIsWrittenAndListedInItsTrackingSetAndClearedFromBoth() throws StoreException {
        String override = "FLAG:shop:k:user:BETA:7";
        String tracking = "FLAG:shop:t:user:BETA";
        assertEquals(List.of(override), apply(FlagType.FLAG, "beta", "enable-group", "user", "7", null));
        assertEquals("1", get(override));
        assertEquals(Set.of(override), members(tracking));
        apply(FlagType.FLAG, "BETA", "disable-group", "user", "7", null);
        assertEquals("0", get(override));
        apply(FlagType.FLAG, "BETA", "clear-group", "user", "7", null);
        assertNull(get(override));
        assertEquals(Set.of(), members(tracking));
    }

    @Test
    void clearAllGroupDeletesEveryOverrideOfThatGroupOnly() throws StoreException {
        apply(FlagType.FLAG, "BETA", "enable-group", "user", "1", null);
        apply(FlagType.FLAG, "BETA", "disable-group", "user", "2", null);
        apply(FlagType.FLAG, "BETA", "enable-group", "tenant", "acme", null);
        apply(FlagType.FLAG, "BETA", "enable", null, null, null);
        List<String> touched = apply(FlagType.FLAG, "BETA", "clear-all-group", "user", null, null);
        assertEquals(Set.of("FLAG:shop:k:user:BETA:1", "FLAG:shop:k:user:BETA:2"), Set.copyOf(touched));
        assertNull(get("FLAG:shop:k:user:BETA:1"));
        assertNull(get("FLAG:shop:k:user:BETA:2"));
        assertEquals(Set.of(), members("FLAG:shop:t:user:BETA"));
        assertEquals("1", get("FLAG:shop:k:tenant:BETA:acme"), "another group's override");
        assertEquals("1", get("FLAG:shop:BETA"), "the flag's own state");
    }

    @Test
    void mistakesNameWhatWasExpectedAndWriteNothing() throws StoreException {
        assertEquals("switch OLD_UI is not declared in pancake.yml",
                mistake(FlagType.SWITCH, "old_ui", "enable", null, null, null));
        assertEquals("BETA is declared as a flag in pancake.yml (line 7), not as a switch",
                mistake(FlagType.SWITCH, "BETA", "enable", null, null, null));
        assertEquals("a switch cannot set; a switch can enable, disable, clear",
                mistake(FlagType.SWITCH, "NEW_CHECKOUT", "set", null, null, "5"));
        assertEquals("a sample cannot enable; a sample can set, clear",
                mistake(FlagType.SAMPLE, "RANKING", "enable", null, null, null));
        assertEquals("sample RANKING: expected a percentage in 0..100, got \"101\"",
                mistake(FlagType.SAMPLE, "RANKING", "set", null, null, "101"));
        assertEquals("sample RANKING: expected a percentage in 0..100, got nothing",
                mistake(FlagType.SAMPLE, "RANKING", "set", null, null, null));
        assertEquals("unknown group staff; pancake.yml declares the groups [user, tenant]",
                mistake(FlagType.FLAG, "BETA", "enable-group", "staff", "1", null));
        assertEquals("unknown group (none); pancake.yml declares the groups [user, tenant]",
                mistake(FlagType.FLAG, "BETA", "clear-all-group", null, null, null));
        assertEquals("a group member id must not be empty",
                mistake(FlagType.FLAG, "BETA", "enable-group", "user", "", null));
        assertEquals(0, store.get(List.of("SWITCH:shop:NEW_CHECKOUT", "SAMPLE:shop:RANKING", "FLAG:shop:BETA")).values()
                .stream().filter(v -> v != null).count(), "a refused command wrote nothing");
    }
}
