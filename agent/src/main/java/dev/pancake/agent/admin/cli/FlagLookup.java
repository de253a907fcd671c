package dev.pancake.agent.admin.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.pancake.agent.config.Config;
import dev.pancake.agent.config.FlagDef;
import dev.pancake.agent.config.FlagType;
import dev.pancake.agent.protocol.Verb;
import dev.pancake.agent.config.GroupDef;

/**
 * Finds the declaration a command names, and otherwise says what the user probably meant: the
 * closest declared name of that type, a name declared with another type (and the command for it),
 * or what is declared.
 */
public final class FlagLookup {

    private static final int MAX_LISTED = 12;

    private final Config config;

    public FlagLookup(Config config) {
        this.config = config;
    }

    /**
     * The declaration of the switch, flag or sample that {@code invocation} names.
     *
     * @throws UsageException for an undeclared name, or one declared with another type
     */
    public FlagDef resolve(Invocation invocation) throws UsageException {
        FlagType wanted = invocation.command().type();
        String name = invocation.arg("NAME").toUpperCase(Locale.ROOT);
        FlagDef def = config.flag(name);
        if (def == null) {
            throw new UsageException(unknown(wanted, name, invocation));
        }
        if (def.type() != wanted) {
            throw new UsageException(name + " is a " + def.type().lower() + ", not a " + wanted.lower() + " ("
                    + where(def) + "); " + rightCommand(def, invocation));
        }
        return def;
    }

    /**
     * The group named {@code group}.
     *
     * @throws UsageException when pancake.yml does not declare it
     */
    public GroupDef group(String group) throws UsageException {
        GroupDef g = config.group(group);
        if (g != null) {
            return g;
        }
        List<String> names = new ArrayList<>();
        config.groups().forEach(d -> names.add(d.name()));
        String hint = Names.closest(group, names);
        throw new UsageException("unknown group " + group + "; " + (hint != null ? "did you mean " + hint + "?"
                : names.isEmpty() ? config.source() + " declares no groups (add them under groups:)"
                : config.source() + " declares the groups " + String.join(", ", names)));
    }

    private String unknown(FlagType wanted, String name, Invocation invocation) {
        List<String> sameType = names(wanted);
        String hint = Names.closest(name, sameType);
        if (hint != null) {
            return "unknown " + wanted.lower() + " " + name + "; did you mean " + hint + "?";
        }
        String other = Names.closest(name, config.flags().keySet());
        if (other != null) {
            FlagDef def = config.flag(other);
            return "unknown " + wanted.lower() + " " + name + "; did you mean the " + def.type().lower() + " " + other
                    + "? " + rightCommand(def, invocation);
        }
        String message = "unknown " + wanted.lower() + " " + name + "; " + config.source();
        if (sameType.isEmpty()) {
            return message + " declares no " + CommandSpec.noun(wanted);
        }
        List<String> shown = sameType.size() > MAX_LISTED ? sameType.subList(0, MAX_LISTED) : sameType;
        return message + " declares the " + CommandSpec.noun(wanted) + " " + String.join(", ", shown)
                + (shown.size() < sameType.size() ? " and " + (sameType.size() - shown.size()) + " more" : "");
    }

    /** The declared names of one type, sorted. */
    private List<String> names(FlagType type) {
        List<String> out = new ArrayList<>();
        for (FlagDef def : config.flags().values()) {
            if (def.type() == type) {
                out.add(def.name());
            }
        }
        out.sort(null);
        return out;
    }

    private String where(FlagDef def) {
        return "declared at " + config.source() + (def.line() > 0 ? ":" + def.line() : "");
    }

    /** What to type instead, for a name declared with another type than the command's. */
    static String rightCommand(FlagDef def, Invocation invocation) {
        String noun = CommandSpec.noun(def.type());
        String verb = invocation.command().verb();
        String name = def.name();
        if (CommandSpec.find(noun, verb) != null) {
            List<String> args = new ArrayList<>(invocation.args());
            args.set(invocation.command().params().indexOf("NAME"), name);
            return "use: " + noun + " " + verb + " " + String.join(" ", args);
        }
        Verb write = invocation.command().write();
        if (def.type() == FlagType.SAMPLE && (write == Verb.ENABLE || write == Verb.DISABLE)) {
            return "use: samples set " + name + (write == Verb.ENABLE ? " 100" : " 0");
        }
        if (def.type() == FlagType.SAMPLE) {
            return "use: samples set " + name + " PERCENT, or samples clear " + name;
        }
        String unsupported = write == Verb.SET ? "has no percentage" : "has no per-group overrides";
        return "a " + def.type().lower() + " " + unsupported + "; use: " + noun + " enable|disable|clear " + name;
    }
}
