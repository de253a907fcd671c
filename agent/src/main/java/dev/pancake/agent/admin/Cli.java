package dev.pancake.agent.admin;

/**
 * {@code java -jar pancake-agent.jar [--config FILE] COMMAND ...}: the same verbs as
 * flask-pancake's CLI, on the same keys.
 */
public final class Cli {

    private Cli() {}

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        System.err.println("pancake: the command-line interface is not built yet");
        return 2;
    }
}
