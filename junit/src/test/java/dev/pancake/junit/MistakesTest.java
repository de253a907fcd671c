package dev.pancake.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.pancake.junit.fixture.Shop;
import dev.pancake.junit.scenarios.Mistakes;

/** A mistake in a test's use of Pancake fails it with one message that names the annotation, the test and the fix. */
class MistakesTest {

    private static final String FILE = Path.of("pancake.yml").toAbsolutePath().toString();

    @BeforeAll
    static void theAgentReadsThisProjectsPancakeYml() {
        AgentSetup.ensure("", MistakesTest.class.getName()); // before AnotherConfig could attach it with another file
    }

    private static String failure(Class<?> scenario) {
        List<Throwable> failures = ScenarioRuns.failures(ScenarioRuns.run(scenario));
        assertEquals(1, failures.size(), failures.toString());
        PancakeTestException e = assertInstanceOf(PancakeTestException.class, failures.get(0));
        assertEquals(0, e.getStackTrace().length, "no stack trace: it would only point into the extension");
        return e.getMessage();
    }

    @Test
    void anUndeclaredSwitch() {
        assertEquals("@OverrideSwitch(name = \"NEW_CHEKOUT\", active = true) on " + Mistakes.UndeclaredSwitch.class.getName()
                + ".test(): switch NEW_CHEKOUT is not declared in pancake.yml", failure(Mistakes.UndeclaredSwitch.class));
    }

    @Test
    void aSwitchThatIsDeclaredAsAFlag() {
        String message = failure(Mistakes.SwitchThatIsAFlag.class);
        assertEquals("@OverrideSwitch(name = \"BETA_SEARCH\", active = true) on "
                + Mistakes.SwitchThatIsAFlag.class.getName() + ".test(): BETA_SEARCH is declared as a flag",
                message.substring(0, message.indexOf(" in pancake.yml")));
    }

    @Test
    void aPercentOutOfRange() {
        assertEquals("@OverrideSample(name = \"RECOMMENDATIONS\", percent = 150.0) on "
                + Mistakes.PercentOutOfRange.class.getName() + ".test(): percent must be between 0 and 100",
                failure(Mistakes.PercentOutOfRange.class));
    }

    @Test
    void aGroupThatIsNotDeclared() {
        String message = failure(Mistakes.UnknownGroup.class);
        assertEquals("@OverrideFlag(name = \"BETA_SEARCH\", active = true, group = \"plan\", id = \"gold\") on "
                + Mistakes.UnknownGroup.class.getName() + ".test(): unknown group plan",
                message.substring(0, message.indexOf(';')));
    }

    @Test
    void aGroupWithoutAnId() {
        assertEquals("@OverrideFlag(name = \"BETA_SEARCH\", active = true, group = \"user\", id = \"\") on "
                + Mistakes.GroupWithoutId.class.getName() + ".test(): give both group and id for one member's override,"
                + " or neither for the flag's global state", failure(Mistakes.GroupWithoutId.class));
    }

    @Test
    void aConfigFileThatDoesNotExist() {
        assertEquals("@PancakeTest(config = \"no/such/pancake.yml\") on " + Mistakes.MissingConfig.class.getName()
                + ": there is no file " + Path.of("no/such/pancake.yml").toAbsolutePath(),
                failure(Mistakes.MissingConfig.class));
    }

    @Test
    void anotherConfigFileThanTheAgentReads() {
        assertEquals("@PancakeTest(config = \"../other/pancake.yml\") on " + Mistakes.AnotherConfig.class.getName()
                + ": the agent in this JVM already reads " + FILE + ", and one JVM reads one pancake.yml. Name the same"
                + " file, or run these tests in a Surefire execution of their own", failure(Mistakes.AnotherConfig.class));
    }

    @Test
    void aRefusedOverrideLeavesNothingBehind() {
        String message = failure(Mistakes.BadAfterGood.class);
        assertEquals("@OverrideSwitch(name = \"NOT_THERE\", active = true) on " + Mistakes.BadAfterGood.class.getName()
                + ".test(): switch NOT_THERE is not declared in pancake.yml", message);
        assertEquals("legacy", new Shop().checkout());
    }
}
