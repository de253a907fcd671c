package dev.pancake.agent.admin.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;

import org.junit.jupiter.api.Test;

class NamesTest {

    private static final List<String> FLAGS = List.of("NEW_CHECKOUT", "BETA_SEARCH", "RECOMMENDATIONS");

    @Test
    void aMissingLetterIsOneEdit() {
        assertEquals(1, Names.distance("new_chekout", "new_checkout"));
    }

    @Test
    void swappedNeighboursAreOneEdit() {
        assertEquals(1, Names.distance("new_cehckout", "new_checkout"));
    }

    @Test
    void suggestsTheClosestNameIgnoringCase() {
        assertEquals("NEW_CHECKOUT", Names.closest("new_chekout", FLAGS));
        assertEquals("BETA_SEARCH", Names.closest("BETA_SERACH", FLAGS));
    }

    @Test
    void suggestsNothingForAnUnrelatedName() {
        assertNull(Names.closest("DARK_MODE", FLAGS));
        assertNull(Names.closest("X", FLAGS));
    }

    @Test
    void shortWordsAllowOneEdit() {
        assertEquals("list", Names.closest("lst", List.of("list", "flags")));
        assertEquals("flags", Names.closest("flag", List.of("list", "switches", "flags", "samples")));
        assertNull(Names.closest("ls", List.of("list")));
    }

    @Test
    void tiesGoToTheAlphabeticallyFirstName() {
        assertEquals("AB", Names.closest("AX", List.of("AY", "AB")));
    }
}
