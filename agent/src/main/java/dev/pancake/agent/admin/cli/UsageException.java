package dev.pancake.agent.admin.cli;

/**
 * A mistake on the command line or in pancake.yml that the user can fix: exit status 2, one line
 * per problem, never a stack trace. The message is safe to print (no secrets).
 */
public final class UsageException extends Exception {

    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message, null, false, false);
    }
}
