package dev.pancake.agent.admin.cli;

import java.util.ArrayList;
import java.util.List;

/** The {@code --help} texts, built from {@link CommandSpec#ALL} so they cannot drift from what the parser accepts. */
public final class Help {

    private static final int WIDTH = 100;

    private static final String OPTIONS = ""
            + "Options:\n"
            + "  --config FILE  the pancake.yml to use; without it, the same lookup as the agent: -Dpancake.config,\n"
            + "                 then $PANCAKE_CONFIG, then ./pancake.yml. The file must have a redis: section.\n"
            + "  --json         print JSON instead of a table (list, history, instances, stale)\n"
            + "  --reason TEXT  why a change is made, kept with it in the history\n"
            + "  --limit N      history: show at most N changes (default 20)\n"
            + "  --days N       stale: the number of days (default 30)\n"
            + "  --fleet        list: which running instances use each flag, and when it was last evaluated\n"
            + "  -h, --help     show help, also of one command: flags enable-group --help\n"
            + "  -V, --version  show the version\n";

    private static final String EXIT = ""
            + "Exit status:\n"
            + "  0  done\n"
            + "  1  Redis could not be reached within redis.timeout-ms, or refused the command\n"
            + "  2  usage error: unknown command, option, switch, flag, sample or group; a name declared with\n"
            + "     another type; a bad PERCENT; pancake.yml missing, invalid or without redis:\n";

    private Help() {}

    /** The help that an invocation asks for: the overview, one noun's commands, or one command. */
    public static String of(Invocation invocation) {
        if (invocation.command() != null) {
            return command(invocation.command());
        }
        if (invocation.noun() != null) {
            return noun(invocation.noun());
        }
        return overview();
    }

    public static String overview() {
        StringBuilder b = new StringBuilder()
                .append("Usage: ").append(CommandSpec.PROGRAM).append(" [--config FILE] COMMAND [ARGS...]\n\n")
                .append(wrap("Shows and changes the switches, flags and samples declared in pancake.yml, in Redis,"
                        + " in the keys that flask-pancake uses. Running applications see a change at once. Every"
                        + " change is recorded in the history, with the OS user (or PANCAKE_ACTOR) as its actor."))
                .append("\nCommands:\n");
        commands(b, CommandSpec.ALL);
        return b.append('\n').append(OPTIONS).append('\n').append(EXIT).toString();
    }

    static String noun(String noun) {
        StringBuilder b = new StringBuilder()
                .append("Usage: ").append(CommandSpec.PROGRAM).append(" [--config FILE] ").append(noun)
                .append(" COMMAND [ARGS...]\n\nCommands:\n");
        commands(b, CommandSpec.of(noun));
        return b.append("\nRun '").append(CommandSpec.PROGRAM).append(' ').append(noun)
                .append(" COMMAND --help' for one command.\n").toString();
    }

    static String command(CommandSpec c) {
        StringBuilder b = new StringBuilder()
                .append("Usage: ").append(CommandSpec.PROGRAM).append(" [--config FILE] ").append(c.usage())
                .append("\n\n").append(wrap(c.description()));
        List<String> args = new ArrayList<>();
        for (String p : c.params()) {
            args.add(String.format("  %-8s %s", p, describe(p)));
        }
        if (!args.isEmpty()) {
            b.append("\nArguments:\n").append(String.join("\n", args)).append('\n');
        }
        if (!c.options().isEmpty()) {
            b.append("\nTakes: ").append(String.join(", ", c.options())).append(" (see Options)\n");
        }
        return b.append("\nExample:\n  ").append(CommandSpec.PROGRAM).append(' ').append(c.example())
                .append("\n\n").append(OPTIONS).append('\n').append(EXIT).toString();
    }

    private static String describe(String param) {
        switch (param) {
            case "NAME": return "the name declared under flags: in pancake.yml (any case)";
            case "[NAME]": return "a flag's name (any case); without it, every flag";
            case "GROUP": return "a group declared under groups: in pancake.yml, such as user";
            case "ID": return "the member of the group, as its accessor yields it, such as 42";
            case "PERCENT": return "0 to 100, decimals allowed: 42.5";
            default: return "";
        }
    }

    private static void commands(StringBuilder b, List<CommandSpec> commands) {
        int width = 0;
        for (CommandSpec c : commands) {
            width = Math.max(width, c.usage().length());
        }
        for (CommandSpec c : commands) {
            b.append("  ").append(pad(c.usage(), width)).append("  ").append(c.summary()).append('\n');
        }
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(width - s.length());
    }

    /** Breaks a paragraph into lines of at most {@value #WIDTH} characters. */
    static String wrap(String text) {
        StringBuilder out = new StringBuilder();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > WIDTH) {
                out.append(line).append('\n');
                line = new StringBuilder();
            }
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(word);
        }
        return out.append(line).append('\n').toString();
    }
}
