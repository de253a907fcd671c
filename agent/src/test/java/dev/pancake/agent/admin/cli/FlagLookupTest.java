package dev.pancake.agent.admin.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import dev.pancake.agent.config.FlagType;
import dev.pancake.agent.config.TestConfigs;

class FlagLookupTest {

    private static final String YAML = """
            redis: {url: "redis://127.0.0.1:6379/0"}
            groups:
              user: com.example.Ctx#USER
              tenant: com.example.Ctx#TENANT
            flags:
              NEW_CHECKOUT: {type: switch, default: false}
              BETA_SEARCH: {type: flag, default: false}
              RECOMMENDATIONS: {type: sample, default: 25}
              DARK_MODE: {type: switch, default: true}
            """;

    private final FlagLookup lookup = new FlagLookup(TestConfigs.parse(YAML));

    private String error(FlagLookup lookup, String... args) {
        return assertThrows(UsageException.class, () -> lookup.resolve(Invocation.parse(args))).getMessage();
    }

    private String error(String... args) {
        return error(lookup, args);
    }

    @Test
    void findsADeclaredNameInAnyCase() throws UsageException {
        assertEquals(FlagType.SWITCH, lookup.resolve(Invocation.parse(new String[] {"switches", "enable",
                "new_checkout"})).type());
    }

    @Test
    void anUnknownNameSuggestsTheClosestOfTheSameType() {
        assertEquals("unknown switch NEW_CHEKOUT; did you mean NEW_CHECKOUT?", error("switches", "enable", "new_chekout"));
    }

    @Test
    void anUnknownNameCloseToAnotherTypeSaysWhichTypeAndTheCommand() {
        assertEquals("unknown switch BETA_SERCH; did you mean the flag BETA_SEARCH? use: flags enable BETA_SEARCH",
                error("switches", "enable", "BETA_SERCH"));
    }

    @Test
    void anUnrelatedNameListsWhatIsDeclared() {
        assertEquals("unknown switch PAYMENTS; pancake.yml declares the switches DARK_MODE, NEW_CHECKOUT",
                error("switches", "enable", "PAYMENTS"));
        assertEquals("unknown sample PAYMENTS; pancake.yml declares the samples RECOMMENDATIONS",
                error("samples", "clear", "PAYMENTS"));
    }

    @Test
    void anUnknownNameWhenNoneOfThatTypeIsDeclared() {
        FlagLookup onlySwitches = new FlagLookup(TestConfigs.parse("redis: {url: \"redis://h:1\"}\nflags:\n  A: {type: switch}\n"));
        assertEquals("unknown flag PAYMENTS; pancake.yml declares no flags",
                error(onlySwitches, "flags", "clear", "PAYMENTS"));
    }

    @Test
    void aNameDeclaredWithAnotherTypeGivesTheRightCommand() {
        assertEquals("BETA_SEARCH is a flag, not a switch (declared at pancake.yml:7); use: flags enable BETA_SEARCH",
                error("switches", "enable", "beta_search"));
        assertEquals("NEW_CHECKOUT is a switch, not a flag (declared at pancake.yml:6); use: switches clear NEW_CHECKOUT",
                error("flags", "clear", "NEW_CHECKOUT"));
    }

    @Test
    void aSampleTurnedOnOrOffIsSetTo100Or0() {
        assertEquals("RECOMMENDATIONS is a sample, not a switch (declared at pancake.yml:8); use: samples set"
                + " RECOMMENDATIONS 100", error("switches", "enable", "RECOMMENDATIONS"));
        assertEquals("RECOMMENDATIONS is a sample, not a flag (declared at pancake.yml:8); use: samples set"
                + " RECOMMENDATIONS 0", error("flags", "disable", "RECOMMENDATIONS"));
        assertEquals("RECOMMENDATIONS is a sample, not a flag (declared at pancake.yml:8); use: samples set"
                + " RECOMMENDATIONS PERCENT, or samples clear RECOMMENDATIONS",
                error("flags", "enable-group", "RECOMMENDATIONS", "user", "1"));
    }

    @Test
    void aSwitchHasNoGroupsAndNoPercentage() {
        assertEquals("NEW_CHECKOUT is a switch, not a flag (declared at pancake.yml:6); a switch has no per-group"
                + " overrides; use: switches enable|disable|clear NEW_CHECKOUT",
                error("flags", "enable-group", "NEW_CHECKOUT", "user", "1"));
        assertEquals("BETA_SEARCH is a flag, not a sample (declared at pancake.yml:7); a flag has no percentage; use:"
                + " flags enable|disable|clear BETA_SEARCH", error("samples", "set", "BETA_SEARCH", "50"));
    }

    @Test
    void anUnknownGroupSuggestsTheClosest() {
        assertEquals("unknown group usr; did you mean user?",
                assertThrows(UsageException.class, () -> lookup.group("usr")).getMessage());
        assertEquals("unknown group org; pancake.yml declares the groups user, tenant",
                assertThrows(UsageException.class, () -> lookup.group("org")).getMessage());
    }

    @Test
    void withoutGroupsSaysWhereToDeclareThem() {
        FlagLookup noGroups = new FlagLookup(TestConfigs.parse("redis: {url: \"redis://h:1\"}\nflags:\n  A: {type: flag}\n"));
        assertEquals("unknown group user; pancake.yml declares no groups (add them under groups:)",
                assertThrows(UsageException.class, () -> noGroups.group("user")).getMessage());
    }
}
