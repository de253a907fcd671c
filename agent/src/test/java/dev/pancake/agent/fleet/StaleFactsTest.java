package dev.pancake.agent.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.pancake.agent.config.ConfigParser;
import dev.pancake.agent.config.FlagType;
import dev.pancake.agent.history.HistoryLog;
import dev.pancake.agent.history.Origin;
import dev.pancake.agent.protocol.FlagCommands;
import dev.pancake.agent.protocol.Keys;
import dev.pancake.agent.protocol.Verb;
import dev.pancake.agent.store.Command;
import dev.pancake.agent.store.ForwardingStore;
import dev.pancake.agent.store.MemoryStore;
import dev.pancake.agent.store.Store;
import dev.pancake.agent.store.StoreException;

/** What stale reads from the store: every key of the namespace, or where they cannot be listed, the known flags'. */
class StaleFactsTest {

    private final MemoryStore store = new MemoryStore();
    private final Keys keys = new Keys("shop");

    StaleFactsTest() throws Exception {
        var config = ConfigParser.parse("namespace: shop\ngroups:\n  user: a.B#C\nflags:\n  OLD: {}\n  BETA: {type: flag}\n",
                "pancake.yml", Map.<String, String>of()::get);
        FlagCommands.apply(store, config, keys, FlagType.SWITCH, "OLD", Verb.ENABLE, null, null, null,
                new HistoryLog(keys).as(Origin.of("a", "cli", null)));
        FlagCommands.apply(store, config, keys, FlagType.FLAG, "BETA", Verb.ENABLE_GROUP, "user", "42", null,
                dev.pancake.agent.protocol.Recorder.PLAIN);
        store.set("SWITCH:shop:UNKNOWN", "1"); // named nowhere: no declaration, evaluation or history
    }

    @Test
    void everyKeyOfTheNamespaceIsFoundByItsFlag() throws StoreException {
        Stale.Facts f = StaleFacts.read(store, keys, List.of(), System.currentTimeMillis());
        assertEquals(Map.of("switch:OLD", List.of("SWITCH:shop:OLD"), "switch:UNKNOWN", List.of("SWITCH:shop:UNKNOWN"),
                "flag:BETA", List.of("FLAG:shop:k:user:BETA:42", "FLAG:shop:t:user:BETA")), f.keys());
        assertEquals(Map.of("switch:OLD", "1", "switch:UNKNOWN", "1"), f.stored());
        assertEquals(Set.of("switch:OLD"), f.lastChange().keySet());
    }

    @Test
    void whereKeysCannotBeListedTheFlagsSomethingNamesAreRead() throws StoreException {
        Stale.Facts f = StaleFacts.read(new NoScan(store), keys, List.of("flag:BETA"), System.currentTimeMillis());
        assertEquals(Map.of("switch:OLD", List.of("SWITCH:shop:OLD")), f.keys(), "the history names OLD; nothing names UNKNOWN,"
                + " and BETA has no main key");
    }

    /** A Cluster, as far as SCAN goes. */
    static final class NoScan extends ForwardingStore {
        NoScan(Store inner) {
            super(inner);
        }

        @Override
        public List<Object> run(List<Command> commands, boolean atomic) throws StoreException {
            if (!commands.isEmpty() && commands.get(0).name().equals("SCAN")) {
                throw new StoreException("a Cluster: SCAN answers for one node only", null, true);
            }
            return inner.run(commands, atomic);
        }

        @Override
        public String describe() {
            return "no scan";
        }
    }
}
