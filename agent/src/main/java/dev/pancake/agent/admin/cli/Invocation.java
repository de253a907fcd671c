package dev.pancake.agent.admin.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * @param options the values of {@code --reason}, {@code --limit} and {@code --days}, and
 *                {@code --fleet} (as "true"), by option
 */
public record Invocation(CommandSpec command, String noun, List<String> args, String config, boolean json,
        boolean help, boolean version, Map<String, String> options) {

    public static final List<String> OPTIONS = List.of("--config", "--json", "--help", "--version", "--reason",
            "--limit", "--days", "--fleet");

    /** The options that take a value. */
    private static final List<String> VALUED = List.of("--reason", "--limit", "--days");

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
        Map<String, String> options = new LinkedHashMap<>();
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
            } else if (VALUED.contains(a.contains("=") ? a.substring(0, a.indexOf('=')) : a)) {
                String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
                String value = a.contains("=") ? a.substring(a.indexOf('=') + 1) : (i + 1 < argv.length ? argv[++i] : null);
                if (value == null || value.isBlank()) {
                    throw new UsageException(name + " needs " + (name.equals("--reason") ? "a TEXT: --reason \"ticket 42\""
                            : "a number N: " + name + " 10"));
                }
                options.put(name, value);
            } else if (a.equals("--fleet")) {
                options.put(a, "true");
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
            return new Invocation(null, null, List.of(), config, json, help, version, Map.copyOf(options));
        }
        String first = words.get(0);
        CommandSpec command;
        int argsFrom;
        CommandSpec top = null;
        for (CommandSpec c : CommandSpec.TOP) {
            top = c.verb().equals(first) ? c : top;
        }
        if (top != null) {
            command = top;
            argsFrom = 1;
        } else if (CommandSpec.NOUNS.contains(first)) {
            if (words.size() == 1) {
                if (help) {
                    return new Invocation(null, first, List.of(), config, json, true, version, Map.copyOf(options));
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
            List<String> commands = new ArrayList<>();
            commands.add(CommandSpec.LIST.verb());
            commands.addAll(CommandSpec.NOUNS);
            for (CommandSpec c : CommandSpec.TOP) {
                if (c != CommandSpec.LIST) {
                    commands.add(c.verb());
                }
            }
            commands.add("help");
            String hint = Names.closest(first, commands);
            throw new UsageException("unknown command " + first + (hint != null ? "; did you mean " + hint + "?"
                    : "; the commands are " + String.join(", ", commands)));
        }
        List<String> args = List.copyOf(words.subList(argsFrom, words.size()));
        if (!help) {
            checkArgs(command, args, json);
            checkOptions(command, options);
        }
        return new Invocation(command, null, args, config, json, help, version, Map.copyOf(options));
    }

    private static void checkOptions(CommandSpec command, Map<String, String> options) throws UsageException {
        for (Map.Entry<String, String> o : options.entrySet()) {
            if (!command.options().contains(o.getKey())) {
                throw new UsageException(command.path() + " does not take " + o.getKey() + " (usage: " + command.usage() + ")");
            }
            if (o.getKey().equals("--limit") || o.getKey().equals("--days")) {
                int max = o.getKey().equals("--limit") ? 10_000 : 3_650;
                long n;
                try {
                    n = Long.parseLong(o.getValue().trim());
                } catch (NumberFormatException e) {
                    n = -1;
                }
                if (n < 1 || n > max) {
                    throw new UsageException(o.getKey() + " expects a whole number from 1 to " + max + ", got '"
                            + o.getValue() + "'");
                }
            }
        }
    }

    /** The value of an option ({@code "--limit"}), or {@code otherwise} when it was not given. */
    public String option(String name, String otherwise) {
        return options.getOrDefault(name, otherwise);
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
        int required = 0;
        for (String p : params) {
            required += p.startsWith("[") ? 0 : 1;
        }
        if (args.size() < required) {
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
        if (i < 0 && command != null) {
            i = command.params().indexOf("[" + param + "]");
        }
        return i < 0 || i >= args.size() ? null : args.get(i);
    }
}
