package dev.pancake.agent.protocol;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import dev.pancake.agent.config.Config;
import dev.pancake.agent.config.FlagType;
import dev.pancake.agent.config.Percent;
import dev.pancake.agent.log.Log;
import dev.pancake.agent.store.Store;
import dev.pancake.agent.store.StoreException;

/**
 * The writes: flask-pancake 0.5's operations on its keys, in its order. Shared by the running
 * agent (programmatic API, JMX, admin page) and the CLI, so every surface writes exactly the same.
 */
public final class FlagCommands {

    private FlagCommands() {}

    /**
     * Applies one command.
     *
     * @return the keys whose values changed, to read back
     * @throws IllegalArgumentException for an undeclared flag, a type that differs from the
     *                                  declaration, an unknown group, a verb the type does not have
     *                                  or a bad percentage; the message says what was expected
     * @throws StoreException           when the store cannot be reached
     */
    public static List<String> apply(Store store, Config config, Keys keys, FlagType type, String rawName, Verb verb,
            String group, String id, String value) throws StoreException {
        String name = rawName.toUpperCase(Locale.ROOT);
        var def = config.flag(name);
        if (def == null) {
            throw new IllegalArgumentException(type.lower() + " " + name + " is not declared in " + config.source());
        }
        if (def.typeDeclared() && def.type() != type) {
            throw new IllegalArgumentException(name + " is declared as a " + def.type().lower() + " in "
                    + config.source() + " (line " + def.line() + "), not as a " + type.lower());
        }
        Verb.check(type, verb);
        List<String> touched = new ArrayList<>();
        String key = keys.main(type, name);
        switch (verb) {
            case ENABLE:
                store.set(key, StoredValue.ON);
                touched.add(key);
                break;
            case DISABLE:
                store.set(key, StoredValue.OFF);
                touched.add(key);
                break;
            case CLEAR:
                store.delete(List.of(key));
                touched.add(key);
                break;
            case SET: {
                double p = Percent.parse(value);
                if (p < 0) {
                    throw new IllegalArgumentException("sample " + name + ": expected " + StoredValue.expected(FlagType.SAMPLE)
                            + ", got " + (value == null ? "nothing" : StoredValue.quoted(value)));
                }
                store.set(key, Percent.format(p));
                touched.add(key);
                break;
            }
            case ENABLE_GROUP:
            case DISABLE_GROUP: {
                String override = keys.override(checkGroup(config, group), name, checkId(id));
                store.addMember(keys.tracking(group, name), override);
                store.set(override, StoredValue.encode(verb == Verb.ENABLE_GROUP));
                touched.add(override);
                break;
            }
            case CLEAR_GROUP: {
                String override = keys.override(checkGroup(config, group), name, checkId(id));
                store.delete(List.of(override));
                store.removeMembers(keys.tracking(group, name), List.of(override));
                touched.add(override);
                break;
            }
            default: // CLEAR_ALL_GROUP
                clearAllGroup(store, keys, checkGroup(config, group), name, touched);
                break;
        }
        return touched;
    }

    /**
     * flask-pancake's clear_all_group (delete every key the tracking set lists, then empty the
     * set), except that only the flag's own override keys are deleted: a member that is not
     * {@code FLAG:{ns}:k:{group}:{NAME}:...} is somebody else's key, written into the set by
     * mistake or malice. Such members are dropped from the set without deleting what they name (so
     * that flask-pancake's clear_all_group cannot delete them later either), and reported in one
     * line. The set is read page by page, so its size bounds no single call.
     */
    private static void clearAllGroup(Store store, Keys keys, String group, String name, List<String> touched)
            throws StoreException {
        String tracking = keys.tracking(group, name);
        String own = keys.override(group, name, "");
        int foreign = 0;
        String example = null;
        String cursor = "0";
        do {
            Set<String> page = new LinkedHashSet<>();
            cursor = store.scanMembers(tracking, cursor, page);
            List<String> overrides = new ArrayList<>();
            for (String member : page) {
                if (member.startsWith(own)) {
                    overrides.add(member);
                } else {
                    foreign++;
                    example = example == null ? member : example;
                }
            }
            store.delete(overrides);
            store.removeMembers(tracking, page);
            touched.addAll(overrides);
        } while (!"0".equals(cursor));
        if (foreign > 0) {
            Log.warn("key " + StoredValue.shortKey(tracking) + " listed " + foreign + (foreign == 1 ? " member" : " members")
                    + " that " + (foreign == 1 ? "is not an override key" : "are not override keys") + " " + own + "ID"
                    + " (such as " + StoredValue.quoted(example) + "); clear-all-group left " + (foreign == 1 ? "it" : "them")
                    + " undeleted and removed " + (foreign == 1 ? "it" : "them") + " from the set");
        }
    }

    private static String checkGroup(Config config, String group) {
        if (group == null || config.group(group) == null) {
            List<String> names = new ArrayList<>();
            config.groups().forEach(g -> names.add(g.name()));
            throw new IllegalArgumentException("unknown group " + (group == null ? "(none)" : group) + "; "
                    + config.source() + " declares " + (names.isEmpty() ? "no groups" : "the groups " + names));
        }
        return group;
    }

    private static String checkId(String id) {
        if (id == null || id.isEmpty()) {
            throw new IllegalArgumentException("a group member id must not be empty");
        }
        return id;
    }
}
