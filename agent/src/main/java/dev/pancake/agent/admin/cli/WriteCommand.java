package dev.pancake.agent.admin.cli;

import java.util.List;

import dev.pancake.agent.config.Config;
import dev.pancake.agent.config.FlagDef;
import dev.pancake.agent.config.FlagType;
import dev.pancake.agent.config.Percent;
import dev.pancake.agent.history.HistoryLog;
import dev.pancake.agent.history.Origin;
import dev.pancake.agent.protocol.FlagCommands;
import dev.pancake.agent.protocol.Keys;
import dev.pancake.agent.protocol.Verb;
import dev.pancake.agent.store.Store;
import dev.pancake.agent.store.StoreException;

/**
 * {@code switches|flags|samples VERB NAME ...}: checks the names against pancake.yml, then lets
 * {@link FlagCommands} write exactly what flask-pancake writes, recorded in the history with the
 * OS user (or {@code PANCAKE_ACTOR}) as its actor and {@code --reason}, and says what was done.
 */
public final class WriteCommand {

    private WriteCommand() {}

    /**
     * @return the confirmation to print
     * @throws UsageException before anything is written: an unknown or mistyped name, an unknown
     *                        group, an empty id, a bad percentage
     * @throws StoreException when Redis cannot be reached or refuses a command
     */
    public static String run(Invocation invocation, Config config, Store store) throws UsageException, StoreException {
        FlagLookup lookup = new FlagLookup(config);
        FlagDef def = lookup.resolve(invocation);
        Verb verb = invocation.command().write();
        String group = invocation.arg("GROUP");
        if (group != null) {
            lookup.group(group);
        }
        String id = invocation.arg("ID");
        String percent = invocation.arg("PERCENT");
        if (percent != null && percent.endsWith("%")) {
            percent = percent.substring(0, percent.length() - 1); // "42%" means 42
        }
        List<String> touched;
        try {
            Keys keys = new Keys(config.namespace());
            touched = FlagCommands.apply(store, config, keys, def.type(), def.name(), verb, group, id, percent,
                    new HistoryLog(keys).as(Origin.cli(invocation.option("--reason", null))));
        } catch (IllegalArgumentException e) {
            // FlagCommands validates before it writes: nothing was changed
            throw new UsageException(e.getMessage());
        }
        return confirmation(def, verb, group, id, percent, touched.size());
    }

    static String confirmation(FlagDef def, Verb verb, String group, String id, String percent, int touched) {
        String what = capitalized(def.type()) + " " + def.name();
        switch (verb) {
            case ENABLE: return what + " enabled.";
            case DISABLE: return what + " disabled.";
            case CLEAR: return what + " cleared; its default (" + shown(def, def.defaultText()) + ") applies.";
            case SET: return what + " set to " + shown(def, Percent.format(Percent.parse(percent))) + ".";
            case ENABLE_GROUP: return what + " enabled for " + group + " " + id + ".";
            case DISABLE_GROUP: return what + " disabled for " + group + " " + id + ".";
            case CLEAR_GROUP: return what + ": the override for " + group + " " + id + " cleared.";
            default: return what + ": " + touched + (touched == 1 ? " override" : " overrides") + " in group "
                    + group + " cleared.";
        }
    }

    private static String shown(FlagDef def, String value) {
        return def.type() == FlagType.SAMPLE ? value + "%" : value;
    }

    private static String capitalized(FlagType type) {
        String t = type.lower();
        return Character.toUpperCase(t.charAt(0)) + t.substring(1);
    }
}
