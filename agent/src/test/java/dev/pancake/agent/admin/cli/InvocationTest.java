package dev.pancake.agent.admin.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class InvocationTest {

    private static Invocation parse(String... args) throws UsageException {
        return Invocation.parse(args);
    }

    private static String error(String... args) {
        return assertThrows(UsageException.class, () -> Invocation.parse(args)).getMessage();
    }

    @Test
    void everyCommandParsesWithItsArguments() throws UsageException {
        for (CommandSpec c : CommandSpec.ALL) {
            List<String> argv = new ArrayList<>(List.of(c.path().split(" ")));
            c.params().forEach(p -> argv.add(p.toLowerCase()));
            Invocation i = Invocation.parse(argv.toArray(new String[0]));
            assertSame(c, i.command(), c.usage());
            assertEquals(c.params().size(), i.args().size(), c.usage());
            assertFalse(i.help());
        }
    }

    @Test
    void argumentsAreNamedByTheirParameters() throws UsageException {
        Invocation i = parse("flags", "enable-group", "beta_search", "user", "42");
        assertEquals("beta_search", i.arg("NAME"));
        assertEquals("user", i.arg("GROUP"));
        assertEquals("42", i.arg("ID"));
        assertNull(i.arg("PERCENT"));
    }

    @Test
    void optionsMayStandBeforeOrAfterTheCommand() throws UsageException {
        Invocation before = parse("--config", "/etc/app/pancake.yml", "list", "--json");
        assertEquals("/etc/app/pancake.yml", before.config());
        assertTrue(before.json());
        Invocation after = parse("list", "--json", "--config=/etc/app/pancake.yml");
        assertEquals("/etc/app/pancake.yml", after.config());
        assertSame(CommandSpec.LIST, after.command());
    }

    @Test
    void aNegativeNumberIsAnArgumentNotAnOption() throws UsageException {
        assertEquals("-5", parse("samples", "set", "X", "-5").arg("PERCENT"));
    }

    @Test
    void doubleDashEndsTheOptions() throws UsageException {
        assertEquals("--weird-id", parse("flags", "enable-group", "X", "user", "--", "--weird-id").arg("ID"));
    }

    @Test
    void helpIsAnOptionOrACommandAtEveryLevel() throws UsageException {
        assertTrue(parse("--help").help());
        assertTrue(parse("-h").help());
        assertNull(parse("help").command());
        assertEquals("flags", parse("flags", "--help").noun());
        Invocation command = parse("help", "flags", "enable-group");
        assertTrue(command.help());
        assertEquals("flags enable-group", command.command().path());
        assertTrue(parse("samples", "set", "--help").help(), "help needs no arguments");
    }

    @Test
    void noWordsIsNoCommand() throws UsageException {
        Invocation i = parse();
        assertNull(i.command());
        assertFalse(i.help());
    }

    @Test
    void unknownCommandSuggestsTheClosest() {
        assertEquals("unknown command swiches; did you mean switches?", error("swiches", "enable", "X"));
        assertEquals("unknown command flag; did you mean flags?", error("flag", "enable", "X"));
        assertEquals("unknown command toggle; the commands are list, switches, flags, samples, history, instances, stale, help", error("toggle"));
    }

    @Test
    void unknownVerbSuggestsTheClosestOfThatNoun() {
        assertEquals("unknown command flags enabel; did you mean flags enable?", error("flags", "enabel", "X"));
        assertEquals("unknown command switches enable-group; switches has the commands enable, disable, clear, list",
                error("switches", "enable-group", "X", "user", "1"));
    }

    @Test
    void aNounAloneNamesItsCommands() {
        assertEquals("samples needs a command: set, clear, list (see 'samples --help')", error("samples"));
    }

    @Test
    void missingArgumentsAreNamed() {
        assertEquals("switches enable needs NAME (usage: switches enable NAME)", error("switches", "enable"));
        assertEquals("flags enable-group needs GROUP ID (usage: flags enable-group NAME GROUP ID)",
                error("flags", "enable-group", "BETA_SEARCH"));
    }

    @Test
    void extraArgumentsAreRefused() {
        assertEquals("switches enable: unexpected argument 'B' (usage: switches enable NAME)",
                error("switches", "enable", "A", "B"));
    }

    @Test
    void jsonOnlyWhereACommandPrintsData() {
        assertEquals("switches enable does not take --json (usage: switches enable NAME)",
                error("switches", "enable", "X", "--json"));
    }

    @Test
    void unknownOptionSuggestsTheClosest() {
        assertEquals("unknown option --jsn; did you mean --json?", error("list", "--jsn"));
        assertEquals("unknown option --confg; did you mean --config?", error("--confg=x.yml", "list"));
        assertEquals("unknown option -x; the options are --config, --json, --help, --version, --reason, --limit, --days, --fleet", error("-x", "list"));
    }

    @Test
    void configNeedsAFile() {
        assertEquals("--config needs a FILE: --config /etc/app/pancake.yml", error("list", "--config"));
        assertEquals("--config needs a FILE: --config /etc/app/pancake.yml", error("--config=", "list"));
    }

    @Test
    void aReasonGoesWithAWriteOnly() throws UsageException {
        Invocation i = parse("switches", "enable", "X", "--reason", "ticket 42");
        assertEquals("ticket 42", i.option("--reason", null));
        assertEquals("ticket 42", parse("--reason=ticket 42", "switches", "enable", "X").option("--reason", null));
        assertEquals("list does not take --reason (usage: list [--json])", error("list", "--reason", "x"));
        assertEquals("--reason needs a TEXT: --reason \"ticket 42\"", error("switches", "enable", "X", "--reason"));
    }

    @Test
    void historyTakesAnOptionalNameAndALimit() throws UsageException {
        assertNull(parse("history").arg("NAME"));
        Invocation i = parse("history", "new_checkout", "--limit", "5", "--json");
        assertEquals("new_checkout", i.arg("NAME"));
        assertEquals("5", i.option("--limit", "20"));
        assertEquals("--limit expects a whole number from 1 to 10000, got '0'", error("history", "--limit", "0"));
        assertEquals("--limit expects a whole number from 1 to 10000, got 'many'", error("history", "--limit", "many"));
        assertEquals("history: unexpected argument 'B' (usage: history [NAME] [--json])",
                error("history", "A", "B"));
    }

    @Test
    void staleTakesDaysAndListTakesFleet() throws UsageException {
        assertEquals("7", parse("stale", "--days", "7").option("--days", "30"));
        assertEquals("true", parse("list", "--fleet").option("--fleet", null));
        assertEquals("stale does not take --limit (usage: stale [--json])", error("stale", "--limit", "3"));
        assertEquals("--days expects a whole number from 1 to 3650, got '-3'", error("stale", "--days", "-3"));
    }
}
