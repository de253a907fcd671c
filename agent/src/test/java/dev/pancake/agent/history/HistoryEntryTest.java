package dev.pancake.agent.history;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class HistoryEntryTest {

    private static HistoryEntry entry(String before, String after, int count, String reason) {
        return new HistoryEntry(null, 1_733_200_000_123L, "BETA_SEARCH", "flag", "enable-group", "user", "42", before,
                after, count, "alice", "admin", "web-1", reason);
    }

    @Test
    void fieldsLeaveOutWhatHasNoValue() {
        assertEquals(List.of("flag", "BETA_SEARCH", "type", "flag", "verb", "enable-group", "group", "user", "id", "42",
                "new", "1", "actor", "alice", "via", "admin", "host", "web-1", "time", "1733200000123"),
                entry(null, "1", -1, null).fields());
    }

    @Test
    void anEntryReadsBackAsItWasWritten() {
        HistoryEntry e = entry("0", "1", -1, "ticket 42");
        HistoryEntry back = HistoryEntry.decode("1733200000123-0", e.fields());
        assertEquals(new HistoryEntry("1733200000123-0", e.time(), e.flag(), e.type(), e.verb(), e.group(), e.id(),
                "0", "1", -1, "alice", "admin", "web-1", "ticket 42"), back);
        assertEquals(3, HistoryEntry.decode("1-0", entry(null, null, 3, null).fields()).count());
    }

    @Test
    void anEntryWithoutATimeTakesTheStreamIdsAndIgnoresUnknownFields() {
        HistoryEntry e = HistoryEntry.decode("1733200000999-3", List.of("flag", "X", "colour", "blue", "time", "soon"));
        assertEquals(1_733_200_000_999L, e.time());
        assertEquals("X", e.flag());
        assertEquals(-1, e.count());
    }

    @Test
    void longValuesAreCut() {
        String big = "x".repeat(5_000);
        List<String> fields = entry(big, "1", -1, null).fields();
        assertEquals(HistoryEntry.MAX_VALUE, fields.get(fields.indexOf("old") + 1).length());
    }

    @Test
    void whatSaysTheChangeInWords() {
        assertEquals("enable-group user 42: (absent) -> 1", entry(null, "1", -1, null).what());
        assertEquals("enable-group user 42: 2 overrides", entry(null, null, 2, null).what());
    }

    @Test
    void originCutsAReasonAndNeverHasAnEmptyActor() {
        Origin o = new Origin(" ", "cli", "h", "r".repeat(600));
        assertEquals("unknown", o.actor());
        assertEquals(Origin.MAX_REASON, o.reason().length());
        assertEquals(null, new Origin("a", "cli", "h", "  ").reason());
    }
}
