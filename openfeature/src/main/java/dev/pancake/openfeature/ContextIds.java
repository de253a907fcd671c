package dev.pancake.openfeature;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.openfeature.sdk.EvaluationContext;
import dev.openfeature.sdk.Value;

/**
 * Turns an OpenFeature evaluation context into the ids Pancake evaluates a flag for: group name
 * to id, for the groups pancake.yml declares.
 *
 * <ul>
 *   <li>An attribute named like a group ({@code tenant}) gives that group's id.</li>
 *   <li>The targeting key gives the id of the targeting group: the one the provider was created
 *       with, else the first group of pancake.yml (usually {@code user}). An attribute named like
 *       that group wins over the targeting key.</li>
 *   <li>Strings are ids as they are; numbers become their decimal text ({@code 42}, and
 *       {@code 42.0} too, as JSON numbers often arrive as doubles; {@code 42.5} stays
 *       {@code 42.5}); booleans {@code true} or {@code false}. Empty strings, structures, lists,
 *       instants and nulls give no id.</li>
 * </ul>
 */
final class ContextIds {

    private ContextIds() {}

    /**
     * @param groups         pancake.yml's group names, in order
     * @param targetingGroup the group the targeting key is an id of; null for the first group
     */
    static Map<String, String> of(EvaluationContext ctx, List<String> groups, String targetingGroup) {
        Map<String, String> ids = new HashMap<>();
        if (ctx == null || groups.isEmpty()) {
            return ids;
        }
        String keyGroup = targetingGroup != null ? targetingGroup : groups.get(0);
        String key = ctx.getTargetingKey();
        if (key != null && !key.isEmpty() && groups.contains(keyGroup)) {
            ids.put(keyGroup, key);
        }
        for (String group : groups) {
            String id = id(ctx.getValue(group));
            if (id != null) {
                ids.put(group, id);
            }
        }
        return ids;
    }

    /** True when the context may give any id: without one, the groups need not be asked for at all. */
    static boolean mayHaveIds(EvaluationContext ctx) {
        if (ctx == null) {
            return false;
        }
        String key = ctx.getTargetingKey();
        return (key != null && !key.isEmpty()) || !ctx.keySet().isEmpty();
    }

    /** The id a context value gives, or null. */
    static String id(Value value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isString()) {
            String s = value.asString();
            return s.isEmpty() ? null : s;
        }
        if (value.isBoolean()) {
            return value.asBoolean().toString();
        }
        if (value.isNumber()) {
            Object n = value.asObject();
            if (n instanceof Double d) {
                double x = d;
                return x == Math.rint(x) && Math.abs(x) < 0x1p53 ? Long.toString((long) x) : d.toString();
            }
            return n.toString();
        }
        return null;
    }
}
