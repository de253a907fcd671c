package dev.pancake.agent.admin.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.pancake.agent.config.FlagType;
import dev.pancake.agent.engine.FlagReport;

class OverviewPageTest {

    private static final String HOSTILE = "<b onmouseover='x()'>\"&";

    private static String render(FlagReport... flags) {
        OverviewPage.Header header = new OverviewPage.Header("Redis redis://" + HOSTILE, false, "down: " + HOSTILE,
                "pancake", "/etc/" + HOSTILE + "/pancake.yml", false);
        return OverviewPage.render(header, List.of(flags), List.of("user", HOSTILE), "NONCE");
    }

    @Test
    void escapeReplacesEveryCharacterThatMeansSomethingInHtml() {
        assertEquals("&lt;b onmouseover=&#39;x()&#39;&gt;&quot;&amp;", OverviewPage.escape(HOSTILE));
        assertEquals("plain", OverviewPage.escape("plain"));
        assertEquals("", OverviewPage.escape(null));
    }

    @Test
    void everyValueFromTheStoreOrTheCodeIsEscaped() {
        FlagReport flag = new FlagReport("BETA", FlagType.FLAG, true, "false", "1", "true",
                Map.of("user", Map.of(HOSTILE, true)), new FlagReport.Counts(1, 2, 3, 4), List.of("a.B#c(" + HOSTILE + ")"));
        String html = render(flag);
        assertFalse(html.contains(HOSTILE), html);
        assertFalse(html.contains("<b "), html);
        assertTrue(html.contains("<code>&lt;b onmouseover=&#39;x()&#39;&gt;&quot;&amp;</code> on"), html);
        assertTrue(html.contains("data-id=\"&lt;b onmouseover=&#39;x()&#39;&gt;&quot;&amp;\""), html);
    }

    @Test
    void onlyTheNoncedStyleAndScriptAreInline() {
        String html = render();
        assertTrue(html.contains("<style nonce=\"NONCE\">"));
        assertTrue(html.contains("<script nonce=\"NONCE\">"));
        assertEquals(1, html.split("<script", -1).length - 1, "one script");
        assertFalse(html.contains(" src="), "nothing is loaded");
        assertFalse(html.contains(" on") && html.matches("(?s).*<[^>]* on[a-z]+=.*"), "no inline event handlers");
    }

    @Test
    void aFlagUsedInCodeButNotDeclaredHasNoButtons() {
        FlagReport undeclared = new FlagReport("GHOST", FlagType.SWITCH, false, "false", null, "false", Map.of(),
                new FlagReport.Counts(0, 5, 5, 0), List.of("a.B#c()"));
        String html = render(undeclared);
        assertTrue(html.contains("not declared"));
        assertFalse(html.contains("<button type=\"button\" data-verb"), html);
    }
}
