package dev.pancake.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import dev.pancake.junit.fixture.Shop;
import dev.pancake.junit.scenarios.ChangesEverything;

/** Every test starts from pancake.yml's defaults, whatever the tests before it changed, in any order. */
class ResetTest {

    @Test
    void everyTestStartsFromTheDefaultsInEveryOrder() {
        List<Map<String, String>> orders = List.of(
                Map.of("junit.jupiter.testmethod.order.default", "org.junit.jupiter.api.MethodOrderer$MethodName"),
                random(1), random(2), random(3), random(4));
        for (Map<String, String> order : orders) {
            EngineExecutionResults results = ScenarioRuns.run(order, ChangesEverything.class);
            assertEquals(List.of(), ScenarioRuns.failures(results), order.toString());
            assertEquals(4, results.testEvents().succeeded().count(), order.toString());
        }
    }

    private static Map<String, String> random(int seed) {
        return Map.of("junit.jupiter.testmethod.order.default", "org.junit.jupiter.api.MethodOrderer$Random",
                "junit.jupiter.execution.order.random.seed", Integer.toString(seed));
    }

    @Test
    void afterTheLastTestTheDefaultsAreBack() {
        EngineExecutionResults results = ScenarioRuns.run(ChangesEverything.class);
        assertEquals(List.of(), ScenarioRuns.failures(results));
        ChangesEverything.assertDefaults(new Shop()); // no extension here: only what the agent holds
    }
}
