package dev.pancake.agent.admin.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TableTest {

    @Test
    void padsEveryColumnToItsWidestCellTwoSpacesApartWithoutTrailingBlanks() {
        String table = new Table("NAME", "TYPE", "CURRENT")
                .add("RECOMMENDATIONS", "sample", "42.5")
                .add("X", "switch", "true")
                .render();
        assertEquals(""
                + "NAME             TYPE    CURRENT\n"
                + "RECOMMENDATIONS  sample  42.5\n"
                + "X                switch  true\n", table);
    }

    @Test
    void aHeaderAloneIsATable() {
        assertEquals("NAME  TYPE\n", new Table("NAME", "TYPE").render());
    }

    @Test
    void rowsMustHaveOneCellPerColumn() {
        assertThrows(IllegalArgumentException.class, () -> new Table("A", "B").add("1"));
    }
}
