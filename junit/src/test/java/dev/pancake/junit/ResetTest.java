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
        for (String order : List.of("org.junit.jupiter.api.MethodOrderer$MethodName",
                "org.junit.jupiter.api.MethodOrderer$Random", "org.junit.jupiter.api.MethodOrderer$Random")) {
            EngineExecutionResults results = ScenarioRuns.run(
                    Map.of("junit.jupiter.testmethod.order.default", order), ChangesEverything.class);
            assertEquals(List.of(), ScenarioRuns.failures(results), order);
            assertEquals(4, results.testEvents().succeeded().count(), order);
        }
    }

    @Test
    void afterTheLastTestTheDefaultsAreBack() {
        EngineExecutionResults results = ScenarioRuns.run(ChangesEverything.class);
        assertEquals(List.of(), ScenarioRuns.failures(results));
        ChangesEverything.assertDefaults(new Shop()); // no extension here: only what the agent holds
    }
}
