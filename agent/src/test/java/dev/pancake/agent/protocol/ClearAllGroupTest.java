package dev.pancake.agent.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.pancake.agent.config.Config;
import dev.pancake.agent.config.ConfigParser;
import dev.pancake.agent.config.FlagType;
import dev.pancake.agent.store.MemoryStore;
import dev.pancake.agent.store.Store;
import dev.pancake.agent.store.StoreException;

/** clear-all-group touches only the flag's own override keys; bounded set reads stop at their limit. */
class ClearAllGroupTest {

    private static final String TRACKING = "FLAG:pancake:t:user:BETA";

    private static Config config() throws Exception {
        return ConfigParser.parse("groups:\n  user: a.B#C\nflags:\n  BETA: {type: flag}\n", "pancake.yml",
                Map.<String, String>of()::get);
    }

    @Test
    void onlyTheFlagsOwnOverrideKeysAreDeletedAndForeignMembersLeaveTheSet() throws Exception {
        MemoryStore store = new MemoryStore();
        List<String> foreign = List.of("victim:important", "SESSION:abc", "FLAG:pancake:k:user:OTHER:1",
                "FLAG:pancake:k:tenant:BETA:1", "FLAG:other:k:user:BETA:1", "FLAG:pancake:k:user:beta:1",
                "FLAG:pancake:k:user:BETAX:1", "FLAG:pancake:k:user:BETA");
        for (String key : foreign) {
            store.set(key, "1");
            store.addMember(TRACKING, key);
        }
        store.set("FLAG:pancake:k:user:BETA:42", "1");
        store.addMember(TRACKING, "FLAG:pancake:k:user:BETA:42");

        List<String> touched = FlagCommands.apply(store, config(), new Keys("pancake"), FlagType.FLAG, "beta",
                Verb.CLEAR_ALL_GROUP, "user", null, null);

        assertEquals(List.of("FLAG:pancake:k:user:BETA:42"), touched);
        assertNull(store.get(List.of("FLAG:pancake:k:user:BETA:42")).get("FLAG:pancake:k:user:BETA:42"));
        for (String key : foreign) {
            assertEquals("1", store.get(List.of(key)).get(key), key);
        }
        assertEquals(Set.of(), store.members(TRACKING, 10).members());
    }

    @Test
    void membersStopAtTheLimitAndSaySo() throws StoreException {
        Store pages = pagedSet(5_000);
        Store.Members some = pages.members(TRACKING, 2_500);
        assertEquals(2_500, some.members().size());
        assertFalse(some.complete());
        Store.Members all = pages.members(TRACKING, 5_000);
        assertEquals(5_000, all.members().size());
        Store.Members more = pages.members(TRACKING, 10_000);
        assertEquals(5_000, more.members().size());
        assertTrue(more.complete());
    }

    /** A store whose one set of {@code size} members comes in pages of MEMBERS_PAGE. */
    private static Store pagedSet(int size) {
        MemoryStore delegate = new MemoryStore();
        return new Store() {
            @Override
            public String scanMembers(String setKey, String cursor, Collection<String> into) {
                int from = Integer.parseInt(cursor);
                int to = Math.min(size, from + MEMBERS_PAGE);
                List<String> page = new ArrayList<>();
                for (int i = from; i < to; i++) {
                    page.add("m" + i);
                }
                into.addAll(page);
                return to == size ? "0" : Integer.toString(to);
            }

            @Override public Values read(Collection<String> keys) { return delegate.read(keys); }
            @Override public void set(String key, String value) { }
            @Override public void delete(Collection<String> keys) { }
            @Override public void addMember(String setKey, String member) { }
            @Override public void removeMembers(String setKey, Collection<String> members) { }
            @Override public void watch(List<String> prefixes, dev.pancake.agent.store.ChangeListener l) { }
            @Override public boolean watching() { return true; }
            @Override public String describe() { return "pages"; }
            @Override public void close() { }
        };
    }
}
