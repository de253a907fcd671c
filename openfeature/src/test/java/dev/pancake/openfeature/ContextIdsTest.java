package dev.pancake.openfeature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.openfeature.sdk.ImmutableContext;
import dev.openfeature.sdk.ImmutableStructure;
import dev.openfeature.sdk.MutableContext;
import dev.openfeature.sdk.Value;

/** How an evaluation context becomes the ids (group name to id) Pancake evaluates a flag for. */
class ContextIdsTest {

    private static final List<String> GROUPS = List.of("user", "tenant");

    @Test
    void theTargetingKeyIsTheIdOfTheFirstGroup() {
        assertEquals(Map.of("user", "42"), ContextIds.of(new ImmutableContext("42"), GROUPS, null));
    }

    @Test
    void theTargetingKeyIsTheIdOfTheGroupTheProviderWasCreatedWith() {
        assertEquals(Map.of("tenant", "acme"), ContextIds.of(new ImmutableContext("acme"), GROUPS, "tenant"));
    }

    @Test
    void aTargetingKeyForAGroupPancakeYmlDoesNotDeclareGivesNoId() {
        assertEquals(Map.of(), ContextIds.of(new ImmutableContext("42"), GROUPS, "team"));
    }

    @Test
    void attributesNamedLikeAGroupGiveThatGroupsId() {
        MutableContext ctx = new MutableContext("42").add("tenant", "acme").add("plan", "gold");
        assertEquals(Map.of("user", "42", "tenant", "acme"), ContextIds.of(ctx, GROUPS, null),
                "plan is no group: ignored");
    }

    @Test
    void anAttributeNamedLikeTheTargetingGroupWinsOverTheTargetingKey() {
        MutableContext ctx = new MutableContext("session-1").add("user", "42");
        assertEquals(Map.of("user", "42"), ContextIds.of(ctx, GROUPS, null));
    }

    @Test
    void numbersAndBooleansBecomeTheirText() {
        MutableContext ctx = new MutableContext().add("user", 42).add("tenant", 7.0);
        assertEquals(Map.of("user", "42", "tenant", "7"), ContextIds.of(ctx, GROUPS, null));
        assertEquals("42", ContextIds.id(new Value(42L)));
        assertEquals("42.5", ContextIds.id(new Value(42.5)));
        assertEquals("true", ContextIds.id(new Value(true)));
    }

    @Test
    void emptyStringsStructuresListsAndNullsGiveNoId() {
        MutableContext ctx = new MutableContext("")
                .add("user", new ImmutableStructure(Map.of("id", new Value("42"))))
                .add("tenant", "");
        assertEquals(Map.of(), ContextIds.of(ctx, GROUPS, null));
        assertEquals(null, ContextIds.id(new Value(List.of(new Value("42")))));
        assertEquals(null, ContextIds.id(new Value()));
        assertEquals(null, ContextIds.id(null));
    }

    @Test
    void withoutGroupsThereAreNoIds() {
        assertEquals(Map.of(), ContextIds.of(new MutableContext("42").add("tenant", "acme"), List.of(), null));
    }

    @Test
    void anEmptyContextNeedsNoGroupsAtAll() {
        assertFalse(ContextIds.mayHaveIds(new ImmutableContext()));
        assertFalse(ContextIds.mayHaveIds(null));
        assertTrue(ContextIds.mayHaveIds(new ImmutableContext("42")));
        assertTrue(ContextIds.mayHaveIds(new MutableContext().add("tenant", "acme")));
    }
}
