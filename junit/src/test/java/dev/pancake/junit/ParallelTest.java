package dev.pancake.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import dev.pancake.junit.scenarios.Parallel;

/** Under JUnit's parallel execution, tests that change flags run one at a time; other tests run beside them. */
class ParallelTest {

    @Test
    void flagChangingTestsNeverOverlapAndOthersRunBesideThem() {
        Parallel.reset();
        EngineExecutionResults results = ScenarioRuns.run(Map.of(
                "junit.jupiter.execution.parallel.enabled", "true",
                "junit.jupiter.execution.parallel.mode.default", "concurrent",
                "junit.jupiter.execution.parallel.mode.classes.default", "concurrent",
                "junit.jupiter.execution.parallel.config.strategy", "fixed",
                "junit.jupiter.execution.parallel.config.fixed.parallelism", "4"),
                Parallel.ChangerA.class, Parallel.ChangerB.class, Parallel.ChangerC.class, Parallel.Plain.class);
        assertEquals(List.of(), ScenarioRuns.failures(results));
        assertEquals(Map.of("A", "alone", "B", "alone", "C", "met", "plain", "met"), Parallel.outcomes);
    }
}
