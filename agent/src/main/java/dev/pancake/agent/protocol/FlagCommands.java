package dev.pancake.agent.protocol;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.pancake.agent.config.Config;
import dev.pancake.agent.config.FlagType;
import dev.pancake.agent.config.Percent;
import dev.pancake.agent.log.Log;
import dev.pancake.agent.store.Command;
import dev.pancake.agent.store.Store;
import dev.pancake.agent.store.StoreException;

/**
 * The writes: flask-pancake 0.5's operations on its keys, in its order. Shared by the running
 * agent (programmatic API, JMX, admin page) and the CLI, so every surface writes exactly the same.
 */
public final class FlagCommands {

    private FlagCommands() {}

    /** Applies one command without recording it; see {@link #apply(Store, Config, Keys, FlagType, String, Verb, String, String, String, Recorder)}. */
    public static List<String> apply(Store store, Config config, Keys keys, FlagType type, String rawName, Verb verb,
            String group, String id, String value) throws StoreException {
        return apply(store, config, keys, type, rawName, verb, group, id, value, Recorder.PLAIN);
    }

    /**
     * Applies one command: flask-pancake's commands for it, sent through {@code recorder} (which
     * may record the change in the same transaction).
     *
     * @return the keys whose values changed, to read back
     * @throws IllegalArgumentException for an undeclared flag, a type that differs from the
     *                                  declaration, an unknown group, a verb the type does not have
     *                                  or a bad percentage; the message says what was expected
     * @throws StoreException           when the store cannot be reached
     */
    public static List<String> apply(Store store, Config config, Keys keys, FlagType type, String rawName, Verb verb,
            String group, String id, String value, Recorder recorder) throws StoreException {
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
        String key = keys.main(type, name);
        switch (verb) {
            case ENABLE:
            case DISABLE:
            case SET: {
                String v;
                if (verb == Verb.SET) {
                    double p = Percent.parse(value);
                    if (p < 0) {
                        throw new IllegalArgumentException("sample " + name + ": expected " + StoredValue.expected(FlagType.SAMPLE)
                                + ", got " + (value == null ? "nothing" : StoredValue.quoted(value)));
                    }
                    v = Percent.format(p);
                } else {
                    v = StoredValue.encode(verb == Verb.ENABLE);
                }
                recorder.write(store, List.of(Command.of("SET", key, v)),
                        change(type, name, verb, null, null, before(store, key), v, key));
                return List.of(key);
            }
            case CLEAR:
                recorder.write(store, List.of(Command.of("DEL", key)),
                        change(type, name, verb, null, null, before(store, key), null, key));
                return List.of(key);
            case ENABLE_GROUP:
            case DISABLE_GROUP: {
                String override = keys.override(checkGroup(config, group), name, checkId(id));
                String v = StoredValue.encode(verb == Verb.ENABLE_GROUP);
                recorder.write(store, List.of(Command.of("SADD", keys.tracking(group, name), override),
                        Command.of("SET", override, v)), change(type, name, verb, group, id, before(store, override), v, override));
                return List.of(override);
            }
            case CLEAR_GROUP: {
                String override = keys.override(checkGroup(config, group), name, checkId(id));
                recorder.write(store, List.of(Command.of("DEL", override),
                        Command.of("SREM", keys.tracking(group, name), override)),
                        change(type, name, verb, group, id, before(store, override), null, override));
                return List.of(override);
            }
            default: { // CLEAR_ALL_GROUP
                List<String> touched = new ArrayList<>();
                clearAllGroup(store, keys, checkGroup(config, group), name, touched, recorder);
                return touched;
            }
        }
    }

    private static String before(Store store, String key) throws StoreException {
        return store.get(List.of(key)).get(key);
    }

    private static Change change(FlagType type, String name, Verb verb, String group, String id, String before,
            String after, String key) {
        Map<String, String> written = new LinkedHashMap<>();
        written.put(key, after);
        return new Change(type, name, verb, group, id, before, after, -1, written, false);
    }

    /**
     * flask-pancake's clear_all_group (delete every key the tracking set lists, then empty the
     * set), except that only the flag's own override keys are deleted: a member that is not
     * {@code FLAG:{ns}:k:{group}:{NAME}:...} is somebody else's key, written into the set by
     * mistake or malice. Such members are dropped from the set without deleting what they name (so
     * that flask-pancake's clear_all_group cannot delete them later either), and reported in one
     * line. The set is read page by page, so its size bounds no single call; the change is
     * recorded with the last page's writes.
     */
    private static void clearAllGroup(Store store, Keys keys, String group, String name, List<String> touched,
            Recorder recorder) throws StoreException {
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
            List<Command> writes = new ArrayList<>();
            if (!overrides.isEmpty()) {
                writes.add(new Command("DEL", overrides));
            }
            if (!page.isEmpty()) {
                List<String> srem = new ArrayList<>();
                srem.add(tracking);
                srem.addAll(page);
                writes.add(new Command("SREM", srem));
            }
            touched.addAll(overrides);
            boolean last = "0".equals(cursor);
            if (last || !writes.isEmpty()) {
                Map<String, String> written = new LinkedHashMap<>();
                for (String o : overrides) {
                    written.put(o, null);
                }
                recorder.write(store, writes, new Change(FlagType.FLAG, name, Verb.CLEAR_ALL_GROUP, group, null, null,
                        null, touched.size(), written, !last));
            }
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
