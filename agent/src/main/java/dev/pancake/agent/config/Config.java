package dev.pancake.agent.config;

import java.util.List;
import java.util.Map;

/**
 * A parsed, validated {@code pancake.yml}. Immutable: a reload builds a new one.
 *
 * @param source    where it was read from, for messages ("(none)" without a file)
 * @param namespace flask-pancake's extension name, the {@code {ns}} in every key
 * @param redis     null for the in-memory store
 * @param groups    in the order Flags consult them
 * @param flags     by upper-case name, in file order
 * @param admin     null when the admin page is off
 * @param app       {@code app:}, the application's name in the history and the fleet; null when unset
 */
public record Config(String source, String namespace, RedisSettings redis, List<GroupDef> groups,
        Map<String, FlagDef> flags, AdminSettings admin, String app) {

    public Config(String source, String namespace, RedisSettings redis, List<GroupDef> groups,
            Map<String, FlagDef> flags, AdminSettings admin) {
        this(source, namespace, redis, groups, flags, admin, null);
    }

    public static final String DEFAULT_NAMESPACE = "pancake";

    /** No file: the in-memory store and no declared flags. */
    public static Config empty(String source) {
        return new Config(source, DEFAULT_NAMESPACE, null, List.of(), Map.of(), null);
    }

    public FlagDef flag(String name) {
        return flags.get(name);
    }

    public GroupDef group(String name) {
        for (GroupDef g : groups) {
            if (g.name().equals(name)) {
                return g;
            }
        }
        return null;
    }
}
