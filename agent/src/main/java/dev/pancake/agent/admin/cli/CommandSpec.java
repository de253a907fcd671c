package dev.pancake.agent.admin.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import dev.pancake.agent.config.FlagType;
import dev.pancake.agent.protocol.Verb;

/**
 * One command of the CLI: its words, its arguments and its help. {@link #ALL} is the whole command
 * set, so that parsing, help and the "did you mean" suggestions all read the same table.
 *
 * @param noun        switches, flags or samples (flask-pancake's groups), or null for {@code list}
 * @param verb        the command word
 * @param params      the positional arguments, in order
 * @param json        whether it takes {@code --json}
 * @param summary     one line for the command overview
 * @param description the paragraph of its own {@code --help}
 * @param example     an example invocation (without the java -jar prefix)
 */
public record CommandSpec(String noun, String verb, List<String> params, boolean json, String summary,
        String description, String example) {

    /** How the help shows the program. */
    public static final String PROGRAM = "java -jar pancake-agent.jar";

    public static final String SWITCHES = "switches";
    public static final String FLAGS = "flags";
    public static final String SAMPLES = "samples";
    public static final List<String> NOUNS = List.of(SWITCHES, FLAGS, SAMPLES);

    public static final CommandSpec LIST = new CommandSpec(null, "list", List.of(), true,
            "every declared flag: NAME, TYPE, DEFAULT, CURRENT",
            "Shows every switch, flag and sample declared in pancake.yml with its type, its default and its current"
                    + " value in Redis (the default while Redis holds no valid value for it). With --json, prints"
                    + " the same as JSON, including each flag's per-group overrides.",
            "list --json");

    public static final CommandSpec HISTORY = new CommandSpec(null, "history", List.of("[NAME]"), true,
            "who changed what, newest first: every flag, or one",
            "Shows the changes recorded in Redis (the stream PANCAKE:{ns}:history), newest first: when, the flag,"
                    + " what changed (verb, group, id, old and new value), who (actor), how (via: cli, admin, jmx,"
                    + " api, external) and from which host, and the reason given. With NAME, only that flag's changes."
                    + " --limit N shows at most N (20 unless said otherwise); --json prints them as JSON.",
            "history NEW_CHECKOUT --limit 5");

    public static final CommandSpec INSTANCES = new CommandSpec(null, "instances", List.of(), true,
            "the running agents of the namespace, from their heartbeats",
            "Shows every running agent that shares the namespace, from the heartbeat each sends about every 10 s"
                    + " (gone within 30 s of a JVM that stops without a clean shutdown): its application, host, pid,"
                    + " Java and agent versions, start time, store health and when it was last heard of.",
            "instances --json");

    public static final CommandSpec STALE = new CommandSpec(null, "stale", List.of(), true,
            "flags to clean up: unused, orphaned, or fully on for N days",
            "Lists flags that no instance has evaluated for N days (--days N, 30 unless said otherwise), flags whose"
                    + " Redis keys no running instance declares (orphans), and flags fully on for N days, ready to be"
                    + " deleted from the code; each with the exact command that removes its keys.",
            "stale --days 14");

    /** The commands that stand alone, without a noun. */
    public static final List<CommandSpec> TOP = List.of(LIST, HISTORY, INSTANCES, STALE);

    public static final List<CommandSpec> ALL = List.of(
            LIST, HISTORY, INSTANCES, STALE,
            new CommandSpec(SWITCHES, "enable", List.of("NAME"), false, "turn a switch on",
                    "Turns the switch on for every caller (SET SWITCH:{ns}:NAME 1).", "switches enable NEW_CHECKOUT"),
            new CommandSpec(SWITCHES, "disable", List.of("NAME"), false, "turn a switch off",
                    "Turns the switch off for every caller (SET SWITCH:{ns}:NAME 0).", "switches disable NEW_CHECKOUT"),
            new CommandSpec(SWITCHES, "clear", List.of("NAME"), false, "forget a switch's state: its default applies",
                    "Deletes the switch's stored state (DEL SWITCH:{ns}:NAME), so that its default in pancake.yml"
                            + " applies.", "switches clear NEW_CHECKOUT"),
            new CommandSpec(SWITCHES, "list", List.of(), true, "the declared switches",
                    "Shows the switches declared in pancake.yml, like list.", "switches list"),
            new CommandSpec(FLAGS, "enable", List.of("NAME"), false,
                    "turn a flag on (members with an override keep it)",
                    "Turns the flag on globally (SET FLAG:{ns}:NAME 1). Group members with an override of their own"
                            + " keep it.", "flags enable BETA_SEARCH"),
            new CommandSpec(FLAGS, "disable", List.of("NAME"), false,
                    "turn a flag off (members with an override keep it)",
                    "Turns the flag off globally (SET FLAG:{ns}:NAME 0). Group members with an override of their own"
                            + " keep it.", "flags disable BETA_SEARCH"),
            new CommandSpec(FLAGS, "clear", List.of("NAME"), false,
                    "forget a flag's global state: its default applies",
                    "Deletes the flag's global state (DEL FLAG:{ns}:NAME), so that its default in pancake.yml applies."
                            + " Per-group overrides stay.", "flags clear BETA_SEARCH"),
            new CommandSpec(FLAGS, "enable-group", List.of("NAME", "GROUP", "ID"), false,
                    "turn a flag on for one member of a group",
                    "Turns the flag on for one member of a group declared under groups: in pancake.yml, whatever the"
                            + " global state (SET FLAG:{ns}:k:GROUP:NAME:ID 1, recorded in the set"
                            + " FLAG:{ns}:t:GROUP:NAME).", "flags enable-group BETA_SEARCH user 42"),
            new CommandSpec(FLAGS, "disable-group", List.of("NAME", "GROUP", "ID"), false,
                    "turn a flag off for one member of a group",
                    "Turns the flag off for one member of a group declared under groups: in pancake.yml, whatever the"
                            + " global state (SET FLAG:{ns}:k:GROUP:NAME:ID 0, recorded in the set"
                            + " FLAG:{ns}:t:GROUP:NAME).", "flags disable-group BETA_SEARCH user 42"),
            new CommandSpec(FLAGS, "clear-group", List.of("NAME", "GROUP", "ID"), false,
                    "remove one member's override",
                    "Removes the override of one group member, who then gets the global state again.",
                    "flags clear-group BETA_SEARCH user 42"),
            new CommandSpec(FLAGS, "clear-all-group", List.of("NAME", "GROUP"), false,
                    "remove every override of a flag in a group",
                    "Removes every override of the flag in the group (the members listed in FLAG:{ns}:t:GROUP:NAME).",
                    "flags clear-all-group BETA_SEARCH user"),
            new CommandSpec(FLAGS, "list-group", List.of("GROUP", "ID"), true,
                    "what one group member gets for every flag",
                    "Shows, for every declared flag, what one member of a group gets: its override (OVERRIDE) if it"
                            + " has one, else the global state (GLOBAL). Overrides in other groups that the member may"
                            + " belong to are not considered.", "flags list-group user 42"),
            new CommandSpec(FLAGS, "list", List.of(), true, "the declared flags",
                    "Shows the flags declared in pancake.yml, like list.", "flags list"),
            new CommandSpec(SAMPLES, "set", List.of("NAME", "PERCENT"), false, "set a sample's percentage",
                    "Sets the percentage of calls, 0 to 100, for which the sample is active (SET SAMPLE:{ns}:NAME"
                            + " PERCENT, written the way flask-pancake writes it: 42 is stored as 42.0).",
                    "samples set RECOMMENDATIONS 42.5"),
            new CommandSpec(SAMPLES, "clear", List.of("NAME"), false,
                    "forget a sample's percentage: its default applies",
                    "Deletes the sample's stored percentage (DEL SAMPLE:{ns}:NAME), so that its default in"
                            + " pancake.yml applies.", "samples clear RECOMMENDATIONS"),
            new CommandSpec(SAMPLES, "list", List.of(), true, "the declared samples",
                    "Shows the samples declared in pancake.yml, like list.", "samples list"));

    /** The options with a value, or the switches, that it takes besides --json ({@code --reason}, {@code --limit}). */
    public List<String> options() {
        if (writes() && noun != null) {
            return List.of("--reason");
        }
        switch (verb) {
            case "history": return List.of("--limit");
            case "stale": return List.of("--days");
            case "list": return noun == null ? List.of("--fleet") : List.of();
            default: return List.of();
        }
    }

    /** The words that name it: {@code list}, {@code flags enable-group}. */
    public String path() {
        return noun == null ? verb : noun + " " + verb;
    }

    /** {@code flags enable-group NAME GROUP ID}, {@code list [--json]}. */
    public String usage() {
        StringBuilder b = new StringBuilder(path());
        params.forEach(p -> b.append(' ').append(p));
        if (json) {
            b.append(" [--json]");
        }
        return b.toString();
    }

    /** The flag type its noun acts on, or null for {@code list}. */
    public FlagType type() {
        return noun == null ? null : FlagType.parse(noun);
    }

    /** Whether it writes to the store (as opposed to listing). */
    public boolean writes() {
        return noun != null && !verb.startsWith("list");
    }

    /** The write it makes, or null for a listing. */
    public Verb write() {
        return writes() ? Verb.parse(type(), verb) : null;
    }

    /** The command named by these words, or null. */
    public static CommandSpec find(String noun, String verb) {
        for (CommandSpec c : ALL) {
            if (Objects.equals(c.noun, noun) && c.verb.equals(verb)) {
                return c;
            }
        }
        return null;
    }

    /** The commands of one noun, in help order. */
    public static List<CommandSpec> of(String noun) {
        List<CommandSpec> out = new ArrayList<>();
        for (CommandSpec c : ALL) {
            if (noun.equals(c.noun)) {
                out.add(c);
            }
        }
        return out;
    }

    /** The verbs of one noun: {@code enable, disable, clear, list}. */
    public static List<String> verbs(String noun) {
        List<String> out = new ArrayList<>();
        of(noun).forEach(c -> out.add(c.verb));
        return out;
    }

    /** The noun of a flag type: switches, flags, samples. */
    public static String noun(FlagType type) {
        switch (type) {
            case SWITCH: return SWITCHES;
            case FLAG: return FLAGS;
            default: return SAMPLES;
        }
    }
}
