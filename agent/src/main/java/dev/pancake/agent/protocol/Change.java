package dev.pancake.agent.protocol;

import java.util.Map;

import dev.pancake.agent.config.FlagType;

/**
 * What one write did to a flag, for the history: the verb and its target, the value before (as
 * read just before the write) and after (null: absent), and the value each written key holds
 * afterwards.
 *
 * @param count   for clear-all-group, how many overrides it removed; else -1
 * @param written every flag key the write set or deleted, to its value now (null when deleted)
 * @param partial true for one page of a clear-all-group before its last: its keys are accounted
 *                for, but the change is recorded once, with the last page
 */
public record Change(FlagType type, String name, Verb verb, String group, String id, String before, String after,
        int count, Map<String, String> written, boolean partial) {

    public Change {
        written = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(written));
    }
}
