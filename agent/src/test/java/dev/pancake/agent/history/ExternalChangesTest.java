package dev.pancake.agent.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

import dev.pancake.agent.protocol.Keys;

/** The entry of a change another client made: the verb that would have made it. */
class ExternalChangesTest {

    private final Keys keys = new Keys("shop");

    private String verb(String key, String after) {
        return ExternalChanges.entry(keys.parse(key), "x", after, 1L).verb();
    }

    @Test
    void theVerbIsTheOneThatWouldHaveMadeTheChange() {
        assertEquals("enable", verb("SWITCH:shop:A", "1"));
        assertEquals("disable", verb("FLAG:shop:A", "0"));
        assertEquals("clear", verb("SWITCH:shop:A", null));
        assertEquals("set", verb("SAMPLE:shop:A", "42.5"));
        assertEquals("clear", verb("SAMPLE:shop:A", null));
        assertEquals("set", verb("SWITCH:shop:A", "yes"), "a value that is neither 1 nor 0");
        assertEquals("enable-group", verb("FLAG:shop:k:user:A:42", "1"));
        assertEquals("disable-group", verb("FLAG:shop:k:user:A:42", "0"));
        assertEquals("clear-group", verb("FLAG:shop:k:user:A:42", null));
    }

    @Test
    void theEntryNamesTheFlagItsTargetAndNoActor() {
        HistoryEntry e = ExternalChanges.entry(keys.parse("FLAG:shop:k:tenant:BETA:acme"), null, "1", 5L);
        assertEquals("BETA", e.flag());
        assertEquals("flag", e.type());
        assertEquals("tenant", e.group());
        assertEquals("acme", e.id());
        assertEquals("unknown", e.actor());
        assertEquals(Origin.EXTERNAL, e.via());
        assertNull(e.host());
        assertNull(e.before());
        assertEquals(5L, e.time());
    }
}
