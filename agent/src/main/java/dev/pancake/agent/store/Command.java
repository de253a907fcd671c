package dev.pancake.agent.store;

import java.util.List;

/**
 * One Redis command as {@link Store#run} sends it: its name and arguments, the first argument
 * being the key that routes it on a Cluster. Every command used this way names one key.
 */
public record Command(String name, List<String> args) {

    public Command {
        args = List.copyOf(args);
    }

    public static Command of(String name, String... args) {
        return new Command(name, List.of(args));
    }

    /** The key the command acts on. */
    public String key() {
        return args.get(0);
    }

    @Override
    public String toString() {
        return name + " " + key();
    }
}
