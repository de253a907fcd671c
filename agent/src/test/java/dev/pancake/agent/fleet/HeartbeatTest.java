package dev.pancake.agent.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.pancake.agent.config.ConfigParser;
import dev.pancake.agent.config.FlagType;
import dev.pancake.agent.engine.Engine;
import dev.pancake.agent.store.ForwardingStore;
import dev.pancake.agent.store.MemoryStore;
import dev.pancake.agent.store.Store;

/** What a heartbeat says, where it goes, and that a clean stop takes it away. */
class HeartbeatTest {

    /** Kept in memory, but not the in-memory store: stands for a Redis that other processes read. */
    private static final class Shared extends ForwardingStore {
        Shared(Store inner) {
            super(inner);
        }
    }

    private static final String CONFIG = "app: checkout\nflags:\n  NEW_CHECKOUT: {}\n  RANKING: {type: sample}\n";

    private final MemoryStore store = new MemoryStore();
    private final Engine engine = engine(new Shared(store));

    private static Engine engine(Store store) {
        try {
            Engine e = new Engine(ConfigParser.parse(CONFIG, "pancake.yml", Map.<String, String>of()::get), store);
            e.start();
            e.awaitFirstRead(5_000);
            return e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void close() {
        engine.close();
    }

    @Test
    void aBeatPublishesThisInstanceAndItsFlags() throws Exception {
        Heartbeat h = new Heartbeat(engine, "1.2.3");
        h.beat();
        List<Instance> all = Fleet.instances(store, engine.keys(), System.currentTimeMillis());
        assertEquals(1, all.size());
        Instance me = all.get(0);
        assertEquals(h.id(), me.id());
        assertEquals("checkout", me.app());
        assertEquals(ProcessHandle.current().pid(), me.pid());
        assertEquals("1.2.3", me.agent());
        assertEquals(System.getProperty("java.version"), me.java());
        assertTrue(me.storeUp());
        assertEquals(List.of("switch:NEW_CHECKOUT", "sample:RANKING"), me.flags().stream().map(Instance.FlagUse::key).toList());
        assertTrue(me.declares("switch", "NEW_CHECKOUT"));
        assertEquals(0, me.flags().get(0).lastEvaluated(), "never evaluated");
        assertNotNull(Fleet.evaluated(store, engine.keys()).get(Heartbeat.SINCE));
        assertNull(Fleet.evaluated(store, engine.keys()).get("switch:NEW_CHECKOUT"));
    }

    @Test
    void aFlagEvaluatedSinceTheLastBeatGetsTheBeatsTime() throws Exception {
        Heartbeat h = new Heartbeat(engine, "dev");
        h.beat();
        engine.flag(FlagType.SWITCH, "NEW_CHECKOUT").counters().count(true);
        h.beat();
        Instance me = h.latest();
        assertEquals(1, me.flags().get(0).active());
        assertEquals(me.beat(), me.flags().get(0).lastEvaluated());
        assertEquals(me.beat(), Fleet.evaluated(store, engine.keys()).get("switch:NEW_CHECKOUT"));
        assertEquals(0, me.flags().get(1).lastEvaluated());
    }

    @Test
    void aCleanStopRemovesTheHeartbeat() throws Exception {
        Heartbeat h = new Heartbeat(engine, "dev");
        h.beat();
        h.stop();
        assertEquals(List.of(), Fleet.instances(store, engine.keys(), System.currentTimeMillis()));
        h.beat();
        assertEquals(List.of(), Fleet.instances(store, engine.keys(), System.currentTimeMillis()), "no beat after stop");
    }

    @Test
    void withTheInMemoryStoreNothingIsWrittenAndTheLatestIsThisJvmNow() throws Exception {
        MemoryStore alone = new MemoryStore();
        Engine local = engine(alone);
        try {
            Heartbeat h = new Heartbeat(local, "dev");
            h.beat();
            assertEquals(List.of(), Fleet.instances(alone, local.keys(), System.currentTimeMillis()), "no heartbeat written");
            assertEquals(Map.of(), Fleet.evaluated(alone, local.keys()));
            local.flag(FlagType.SWITCH, "NEW_CHECKOUT").counters().count(true);
            Instance me = h.latest();
            assertEquals(h.id(), me.id());
            assertEquals(ProcessHandle.current().pid(), me.pid());
            assertEquals(1, me.flags().get(0).active(), "described when asked, not at the last beat");
            h.stop();
        } finally {
            local.close();
        }
    }

    @Test
    void aHeartbeatThatIsNotJsonIsLeftOut() {
        assertNull(Instance.fromJson("not json"));
        assertNull(Instance.fromJson("[1, 2]"));
        assertNull(Instance.fromJson("{\"pid\": \"many\"}"));
        Instance i = new Instance("id", "app", "h", 7, "17", "dev", 1, 2, false, "down", List.of(
                new Instance.FlagUse("flag", "BETA", true, 1, 2, 3, 4, 5)));
        assertEquals(i, Instance.fromJson(i.toJson()));
    }
}
