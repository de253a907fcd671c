package dev.pancake.agent.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import dev.pancake.agent.config.Config;
import dev.pancake.agent.config.ConfigParser;
import dev.pancake.agent.config.FlagType;
import dev.pancake.agent.protocol.FlagCommands;
import dev.pancake.agent.protocol.Keys;
import dev.pancake.agent.protocol.Verb;
import dev.pancake.agent.store.Command;
import dev.pancake.agent.store.ForwardingStore;
import dev.pancake.agent.store.MemoryStore;
import dev.pancake.agent.store.Store;
import dev.pancake.agent.store.StoreException;

/**
 * What a write through Pancake appends to the history, and how a change made by another client is
 * recorded exactly once however many agents saw it (two HistoryLogs on one store are two JVMs).
 */
class HistoryLogTest {

    private final AtomicLong now = new AtomicLong(1_733_200_000_000L);
    private final MemoryStore store = new MemoryStore(now::get);
    private final Keys keys = new Keys("shop");
    private final Config config;

    HistoryLogTest() throws Exception {
        config = ConfigParser.parse("namespace: shop\ngroups:\n  user: a.B#C\nflags:\n  NEW_CHECKOUT: {}\n"
                + "  BETA: {type: flag}\n", "pancake.yml", Map.<String, String>of()::get);
    }

    private HistoryLog log() {
        return new HistoryLog(keys, now::get);
    }

    private void write(Store s, HistoryLog log, FlagType type, String name, Verb verb, String group, String id,
            Origin origin) throws StoreException {
        FlagCommands.apply(s, config, keys, type, name, verb, group, id, null, log.as(origin));
    }

    private static HistoryEntry external(String flag, String before, String after) {
        return new HistoryEntry(null, 0, flag, "switch", after == null ? "clear" : "1".equals(after) ? "enable" : "disable",
                null, null, before, after, -1, "unknown", Origin.EXTERNAL, "web-2", null);
    }

    @Test
    void aWriteAppendsOneEntryWithWhoHowWhereAndWhy() throws StoreException {
        HistoryLog log = log();
        write(store, log, FlagType.SWITCH, "new_checkout", Verb.ENABLE, null, null, new Origin("alice", "cli", "laptop",
                "ticket 42"));
        now.addAndGet(1_000);
        write(store, log, FlagType.SWITCH, "NEW_CHECKOUT", Verb.DISABLE, null, null, new Origin("bob", "admin", "web-1",
                null));
        List<HistoryEntry> entries = log.read(store, null, 10);
        assertEquals(2, entries.size());
        HistoryEntry newest = entries.get(0);
        assertEquals(List.of("NEW_CHECKOUT", "switch", "disable", "1", "0", "bob", "admin", "web-1"), List.of(
                newest.flag(), newest.type(), newest.verb(), newest.before(), newest.after(), newest.actor(), newest.via(),
                newest.host()));
        HistoryEntry first = entries.get(1);
        assertNull(first.before());
        assertEquals("ticket 42", first.reason());
        assertEquals(1_733_200_000_000L, first.time());
    }

    @Test
    void groupWritesRecordTheGroupAndTheId() throws StoreException {
        HistoryLog log = log();
        write(store, log, FlagType.FLAG, "BETA", Verb.ENABLE_GROUP, "user", "42", Origin.of("app", "api", null));
        write(store, log, FlagType.FLAG, "BETA", Verb.CLEAR_ALL_GROUP, "user", null, Origin.of("app", "api", null));
        List<HistoryEntry> entries = log.read(store, "BETA", 10);
        assertEquals("clear-all-group user: 1 override", entries.get(0).what());
        assertEquals("enable-group user 42: (absent) -> 1", entries.get(1).what());
    }

    @Test
    void readingByNameAndLimitTakesTheNewestOfThatFlag() throws StoreException {
        HistoryLog log = log();
        for (int i = 0; i < 3; i++) {
            write(store, log, FlagType.SWITCH, "NEW_CHECKOUT", Verb.ENABLE, null, null, Origin.of("a" + i, "cli", null));
            write(store, log, FlagType.FLAG, "BETA", Verb.ENABLE, null, null, Origin.of("b" + i, "cli", null));
        }
        List<HistoryEntry> two = log.read(store, "BETA", 2);
        assertEquals(List.of("b2", "b1"), two.stream().map(HistoryEntry::actor).toList());
        assertEquals(6, log.read(store, null, 100).size());
    }

    @Test
    void theStreamIsCapped() throws StoreException {
        HistoryLog log = log();
        for (int i = 0; i < HistoryLog.MAX_ENTRIES + 20; i++) {
            write(store, log, FlagType.SWITCH, "NEW_CHECKOUT", i % 2 == 0 ? Verb.ENABLE : Verb.DISABLE, null, null,
                    Origin.of("a", "cli", null));
        }
        assertEquals(HistoryLog.MAX_ENTRIES, log.read(store, null, HistoryLog.MAX_ENTRIES + 20).size());
    }

    @Test
    void anotherClientsChangeIsRecordedOnceHoweverManyAgentsSawIt() throws StoreException {
        HistoryLog jvm1 = log();
        HistoryLog jvm2 = log();
        HistoryLog jvm3 = log();
        store.set("SWITCH:shop:NEW_CHECKOUT", "1"); // redis-cli
        String key = "SWITCH:shop:NEW_CHECKOUT";
        int recorded = 0;
        for (HistoryLog jvm : List.of(jvm1, jvm2, jvm3)) {
            recorded += jvm.recordExternal(store, external("NEW_CHECKOUT", null, "1"), key) ? 1 : 0;
        }
        assertEquals(1, recorded);
        List<HistoryEntry> entries = jvm1.read(store, null, 10);
        assertEquals(1, entries.size());
        assertEquals(Origin.EXTERNAL, entries.get(0).via());

        store.delete(List.of(key)); // and back to the default
        assertTrue(jvm2.recordExternal(store, external("NEW_CHECKOUT", "1", null), key));
        assertFalse(jvm1.recordExternal(store, external("NEW_CHECKOUT", "1", null), key));
        assertEquals(2, jvm1.read(store, null, 10).size());
    }

    @Test
    void aChangeMadeThroughPancakeIsNotTakenForAnotherClients() throws StoreException {
        HistoryLog writer = log();
        HistoryLog watcher = log();
        write(store, writer, FlagType.SWITCH, "NEW_CHECKOUT", Verb.ENABLE, null, null, Origin.of("a", "api", null));
        assertFalse(watcher.recordExternal(store, external("NEW_CHECKOUT", null, "1"), "SWITCH:shop:NEW_CHECKOUT"));
        write(store, writer, FlagType.FLAG, "BETA", Verb.ENABLE_GROUP, "user", "7", Origin.of("a", "api", null));
        write(store, writer, FlagType.FLAG, "BETA", Verb.CLEAR_ALL_GROUP, "user", null, Origin.of("a", "api", null));
        assertFalse(watcher.recordExternal(store, external("BETA", "1", null), "FLAG:shop:k:user:BETA:7"));
        assertEquals(3, writer.read(store, null, 10).size());
    }

    @Test
    void theSameValueAgainLaterIsANewChange() throws StoreException {
        HistoryLog watcher = log();
        String key = "SWITCH:shop:NEW_CHECKOUT";
        store.set(key, "1");
        assertTrue(watcher.recordExternal(store, external("NEW_CHECKOUT", null, "1"), key));
        now.addAndGet(HistoryLog.SEEN_MS + 1);
        assertTrue(watcher.recordExternal(store, external("NEW_CHECKOUT", "0", "1"), key));
    }

    @Test
    void inMemoryExpiredMarkersDoNotPileUp() throws StoreException {
        HistoryLog log = log();
        String first = keys.seen("FLAG:shop:k:user:BETA:0");
        for (int i = 0; i < 300; i++) {
            write(store, log, FlagType.FLAG, "BETA", Verb.ENABLE_GROUP, "user", Integer.toString(i), Origin.of("a", "api", null));
        }
        assertEquals("1", store.get(List.of(first)).get(first));
        now.addAndGet(HistoryLog.SEEN_MS + 1);
        for (int i = 0; i < 300; i++) {
            write(store, log, FlagType.SWITCH, "NEW_CHECKOUT", Verb.ENABLE, null, null, Origin.of("a", "api", null));
        }
        assertNull(store.get(List.of(first)).get(first), "an expired marker is gone, read or not");
    }

    @Test
    void whenTheStoreRefusesTheHistoryTheFlagIsStillWrittenAndTheEntryKeptHere() throws StoreException {
        Store refusing = new Refusing(store, keys.own());
        HistoryLog log = log();
        write(refusing, log, FlagType.SWITCH, "NEW_CHECKOUT", Verb.ENABLE, null, null, Origin.of("a", "api", null));
        assertEquals("1", store.get(List.of("SWITCH:shop:NEW_CHECKOUT")).get("SWITCH:shop:NEW_CHECKOUT"));
        assertEquals(List.of(), log.read(store, null, 10));
        assertEquals(1, log.local().size());
        assertTrue(log.refusal().contains("NOPERM"), log.refusal());
        assertFalse(log.recordExternal(refusing, external("NEW_CHECKOUT", null, "0"), "SWITCH:shop:NEW_CHECKOUT"));
    }

    /** A store whose ACL refuses every key under a prefix, as Redis does: the whole transaction is refused. */
    static final class Refusing extends ForwardingStore {
        private final String prefix;

        Refusing(Store inner, String prefix) {
            super(inner);
            this.prefix = prefix;
        }

        @Override
        public List<Object> run(List<Command> commands, boolean atomic) throws StoreException {
            for (Command c : commands) {
                if (c.key().startsWith(prefix)) {
                    throw new StoreException("NOPERM No permissions to access a key", null, true);
                }
            }
            return inner.run(commands, atomic);
        }

        @Override
        public String describe() {
            return "refusing";
        }
    }
}
