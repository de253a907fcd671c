package dev.pancake.agent.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The three rules of {@code stale}, each with the command that removes the flag's keys. */
class StaleTest {

    private static final long NOW = 100 * Stale.DAY_MS;

    private static long daysAgo(int d) {
        return NOW - d * Stale.DAY_MS;
    }

    private static List<String> kinds(List<Stale.Finding> findings, String flag) {
        return findings.stream().filter(f -> f.flag().equals(flag)).map(f -> f.kind().word()).toList();
    }

    @Test
    void anOrphanIsAFlagWithKeysThatNoRunningInstanceDeclares() {
        Stale.Facts facts = new Stale.Facts(Set.of("switch:USED"), Set.of("switch:USED"), Map.of(Heartbeat.SINCE, daysAgo(1)),
                Map.of("switch:OLD", List.of("SWITCH:shop:OLD"), "flag:GONE", List.of("FLAG:shop:GONE",
                        "FLAG:shop:k:user:GONE:42", "FLAG:shop:t:user:GONE"), "switch:USED", List.of("SWITCH:shop:USED")),
                Map.of(), Map.of(), -1);
        List<Stale.Finding> found = Stale.find(facts, NOW, 30);
        assertEquals(List.of("orphan"), kinds(found, "switch:OLD"));
        assertEquals(List.of(), kinds(found, "switch:USED"));
        Stale.Finding gone = found.stream().filter(f -> f.flag().equals("flag:GONE")).findFirst().orElseThrow();
        assertEquals("redis-cli DEL FLAG:shop:GONE FLAG:shop:k:user:GONE:42 FLAG:shop:t:user:GONE", gone.command());
    }

    @Test
    void aFlagDeclaredHereButByNoRunningInstanceIsStillAnOrphan() {
        Stale.Facts facts = new Stale.Facts(Set.of("switch:OLD"), Set.of(), Map.of(), Map.of("switch:OLD",
                List.of("SWITCH:shop:OLD")), Map.of(), Map.of(), -1);
        assertEquals(List.of("orphan"), kinds(Stale.find(facts, NOW, 30), "switch:OLD"));
    }

    @Test
    void unusedIsNotEvaluatedForNDaysOrNeverSinceTheFirstHeartbeat() {
        Stale.Facts facts = new Stale.Facts(Set.of("switch:A", "switch:B", "switch:C"), Set.of("switch:A", "switch:B",
                "switch:C"), Map.of(Heartbeat.SINCE, daysAgo(60), "switch:A", daysAgo(31), "switch:B", daysAgo(2)),
                Map.of(), Map.of(), Map.of(), -1);
        List<Stale.Finding> found = Stale.find(facts, NOW, 30);
        assertEquals(List.of("unused"), kinds(found, "switch:A"));
        assertEquals(List.of(), kinds(found, "switch:B"));
        assertEquals(List.of("unused"), kinds(found, "switch:C"));
        assertTrue(found.stream().filter(f -> f.flag().equals("switch:C")).findFirst().orElseThrow().why()
                .contains("60 days"));
        assertEquals(List.of(), Stale.find(facts, NOW, 90), "a younger fleet cannot tell");
    }

    @Test
    void fullyOnForNDaysIsReadyToBeDeletedFromTheCode() {
        Map<String, List<String>> keys = Map.of("switch:ON", List.of("SWITCH:shop:ON"), "sample:ALL",
                List.of("SAMPLE:shop:ALL"), "sample:HALF", List.of("SAMPLE:shop:HALF"), "switch:NEW", List.of("SWITCH:shop:NEW"),
                "switch:QUIET", List.of("SWITCH:shop:QUIET"));
        Set<String> declared = keys.keySet();
        Stale.Facts facts = new Stale.Facts(declared, declared, Map.of(), keys, Map.of("switch:ON", "1", "sample:ALL", "100.0",
                "sample:HALF", "50.0", "switch:NEW", "1", "switch:QUIET", "1"), Map.of("switch:ON", daysAgo(40),
                "sample:ALL", daysAgo(45), "sample:HALF", daysAgo(45), "switch:NEW", daysAgo(3)), daysAgo(50));
        List<Stale.Finding> found = Stale.find(facts, NOW, 30);
        assertEquals(List.of("fully-on"), kinds(found, "switch:ON"));
        assertEquals(List.of("fully-on"), kinds(found, "sample:ALL"));
        assertEquals(List.of(), kinds(found, "sample:HALF"));
        assertEquals(List.of(), kinds(found, "switch:NEW"));
        assertEquals(List.of("fully-on"), kinds(found, "switch:QUIET"), "on and unchanged for the whole history");
        assertEquals("redis-cli DEL SWITCH:shop:ON",
                found.stream().filter(f -> f.flag().equals("switch:ON")).findFirst().orElseThrow().command());
    }
}
