package dev.pancake.agent.admin.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HelpTest {

    @Test
    void theOverviewListsEveryCommandAndTheExitCodes() {
        String help = Help.overview();
        assertTrue(help.startsWith("Usage: java -jar pancake-agent.jar [--config FILE] COMMAND [ARGS...]\n"), help);
        for (CommandSpec c : CommandSpec.ALL) {
            assertTrue(help.contains("\n  " + c.usage() + " "), c.usage() + " missing from\n" + help);
        }
        assertTrue(help.contains("Exit status:\n  0  done\n  1  Redis could not be reached"), help);
        assertTrue(help.contains("  2  usage error"), help);
    }

    @Test
    void eachCommandHasUsageDescriptionArgumentsAndAnExample() {
        for (CommandSpec c : CommandSpec.ALL) {
            String help = Help.command(c);
            assertTrue(help.startsWith("Usage: java -jar pancake-agent.jar [--config FILE] " + c.usage() + "\n\n"
                    + c.description().substring(0, 20)), help);
            for (String p : c.params()) {
                assertTrue(help.contains("\n  " + p + " "), p + " not described in\n" + help);
            }
            assertTrue(help.contains("Example:\n  java -jar pancake-agent.jar " + c.example() + "\n"), help);
        }
    }

    @Test
    void eachExampleIsAValidCommandLine() throws UsageException {
        for (CommandSpec c : CommandSpec.ALL) {
            Invocation i = Invocation.parse(c.example().split(" "));
            assertTrue(i.command() == c, c.example());
        }
    }

    @Test
    void nounHelpListsItsCommandsOnly() {
        String help = Help.noun("samples");
        assertTrue(help.contains("  samples set NAME PERCENT "), help);
        assertTrue(!help.contains("switches enable"), help);
    }

    @Test
    void linesFitInAHundredColumns() {
        StringBuilder all = new StringBuilder(Help.overview());
        CommandSpec.ALL.forEach(c -> all.append(Help.command(c)));
        for (String line : all.toString().split("\n")) {
            assertTrue(line.length() <= 100, line.length() + ": " + line);
        }
    }
}
