package dev.pancake.agent.admin.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A parsed command line: {@code [--config FILE] COMMAND ARGS... [--json] [--help]}. Options may
 * stand anywhere (before or after the command); {@code --} ends them, and a negative number is an
 * argument, not an option.
 *
 * @param command the command, or null for the overview ({@code --help}, {@code help}, no words)
 * @param noun    switches, flags or samples when only a noun was given ({@code flags --help})
 * @param args    the command's arguments, in order
 * @param config  the {@code --config} file, or null to look it up like the agent does
 * @param json    {@code --json}
 * @param help    {@code --help}, {@code -h} or the {@code help} command: print help, do nothing else
 * @param version {@code --version}
 */
public record Invocation(CommandSpec command, String noun, List<String> args, String config, boolean json,
        boolean help, boolean version) {

    public static final List<String> OPTIONS = List.of("--config", "--json", "--help", "--version");

    private static final Pattern NUMBER = Pattern.compile("-[0-9.].*");

    /**
     * Reads the command line. Only the words are checked here (commands, argument counts, options);
     * flag names, groups and percentages need pancake.yml and are checked later.
     *
     * @throws UsageException with a one-line message that says what was expected
     */
    public static Invocation parse(String[] argv) throws UsageException {
        String config = null;
        boolean json = false;
        boolean help = false;
        boolean version = false;
        boolean optionsEnded = false;
        List<String> words = new ArrayList<>();
        for (int i = 0; i < argv.length; i++) {
            String a = argv[i];
            if (optionsEnded || !a.startsWith("-") || a.equals("-") || NUMBER.matcher(a).matches()) {
                words.add(a);
            } else if (a.equals("--")) {
                optionsEnded = true;
            } else if (a.equals("--config") || a.startsWith("--config=")) {
                String file = a.equals("--config") ? (i + 1 < argv.length ? argv[++i] : null) : a.substring(9);
                if (file == null || file.isBlank()) {
                    throw new UsageException("--config needs a FILE: --config /etc/app/pancake.yml");
                }
                config = file;
            } else if (a.equals("--json")) {
                json = true;
            } else if (a.equals("--help") || a.equals("-h")) {
                help = true;
            } else if (a.equals("--version") || a.equals("-V")) {
                version = true;
            } else {
                String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
                String hint = Names.closest(name.startsWith("--") ? name : "-" + name, OPTIONS);
                throw new UsageException("unknown option " + name
                        + (hint != null ? "; did you mean " + hint + "?"
                                : "; the options are " + String.join(", ", OPTIONS)));
            }
        }
        if (!words.isEmpty() && words.get(0).equals("help")) {
            help = true;
            words.remove(0);
        }
        if (words.isEmpty()) {
            return new Invocation(null, null, List.of(), config, json, help, version);
        }
        String first = words.get(0);
        CommandSpec command;
        int argsFrom;
        if (first.equals(CommandSpec.LIST.verb())) {
            command = CommandSpec.LIST;
            argsFrom = 1;
        } else if (CommandSpec.NOUNS.contains(first)) {
            if (words.size() == 1) {
                if (help) {
                    return new Invocation(null, first, List.of(), config, json, true, version);
                }
                throw new UsageException(first + " needs a command: " + String.join(", ", CommandSpec.verbs(first))
                        + " (see '" + first + " --help')");
            }
            command = CommandSpec.find(first, words.get(1));
            if (command == null) {
                throw unknownVerb(first, words.get(1));
            }
            argsFrom = 2;
        } else {
            List<String> commands = new ArrayList<>(CommandSpec.NOUNS);
            commands.add(0, CommandSpec.LIST.verb());
            commands.add("help");
            String hint = Names.closest(first, commands);
            throw new UsageException("unknown command " + first + (hint != null ? "; did you mean " + hint + "?"
                    : "; the commands are " + String.join(", ", commands)));
        }
        List<String> args = List.copyOf(words.subList(argsFrom, words.size()));
        if (!help) {
            checkArgs(command, args, json);
        }
        return new Invocation(command, null, args, config, json, help, version);
    }

    private static UsageException unknownVerb(String noun, String verb) {
        List<String> verbs = CommandSpec.verbs(noun);
        String hint = Names.closest(verb, verbs);
        return new UsageException("unknown command " + noun + " " + verb + "; " + (hint != null
                ? "did you mean " + noun + " " + hint + "?"
                : noun + " has the commands " + String.join(", ", verbs)));
    }

    private static void checkArgs(CommandSpec command, List<String> args, boolean json) throws UsageException {
        List<String> params = command.params();
        String usage = " (usage: " + command.usage() + ")";
        if (args.size() < params.size()) {
            throw new UsageException(command.path() + " needs " + String.join(" ", params.subList(args.size(),
                    params.size())) + usage);
        }
        if (args.size() > params.size()) {
            throw new UsageException(command.path() + ": unexpected argument '" + args.get(params.size()) + "'"
                    + usage);
        }
        if (json && !command.json()) {
            throw new UsageException(command.path() + " does not take --json" + usage);
        }
    }

    /** The argument for one of the command's parameters ({@code "NAME"}, {@code "GROUP"}, ...), or null. */
    public String arg(String param) {
        int i = command == null ? -1 : command.params().indexOf(param);
        return i < 0 ? null : args.get(i);
    }
}
