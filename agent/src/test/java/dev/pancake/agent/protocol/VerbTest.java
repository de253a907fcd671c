package dev.pancake.agent.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.pancake.agent.config.FlagType;

class VerbTest {

    @Test
    void eachTypeHasItsOwnVerbsInHelpOrder() {
        assertEquals(List.of("enable", "disable", "clear"), Verb.words(FlagType.SWITCH));
        assertEquals(List.of("enable", "disable", "clear", "enable-group", "disable-group", "clear-group",
                "clear-all-group"), Verb.words(FlagType.FLAG));
        assertEquals(List.of("set", "clear"), Verb.words(FlagType.SAMPLE));
    }

    @Test
    void parsingIgnoresCaseAndBlanks() {
        assertEquals(Verb.CLEAR_ALL_GROUP, Verb.parse(FlagType.FLAG, " Clear-All-Group "));
        assertEquals(Verb.SET, Verb.parse(FlagType.SAMPLE, "set"));
    }

    @Test
    void aWordTheTypeDoesNotHaveListsTheOnesItHas() {
        assertEquals("a switch cannot enable-group; a switch can enable, disable, clear",
                assertThrows(IllegalArgumentException.class, () -> Verb.parse(FlagType.SWITCH, "enable-group"))
                        .getMessage());
        assertEquals("a sample cannot (nothing); a sample can set, clear",
                assertThrows(IllegalArgumentException.class, () -> Verb.parse(FlagType.SAMPLE, "  ")).getMessage());
        assertEquals("a flag cannot toggle; a flag can enable, disable, clear, enable-group, disable-group,"
                + " clear-group, clear-all-group",
                assertThrows(IllegalArgumentException.class, () -> Verb.parse(FlagType.FLAG, "toggle")).getMessage());
    }
}
