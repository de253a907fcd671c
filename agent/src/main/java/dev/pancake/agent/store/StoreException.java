package dev.pancake.agent.store;

import dev.pancake.agent.log.Secrets;

/**
 * The store could not be reached or refused a command. The message is safe to show: it is
 * scrubbed of passwords and tokens ({@link Secrets}) whoever wrote it.
 */
public final class StoreException extends Exception {

    private static final long serialVersionUID = 1L;

    private final boolean refused;

    public StoreException(String message, Throwable cause) {
        this(message, cause, false);
    }

    public StoreException(String message) {
        this(message, null, false);
    }

    /** @param refused true when the store answered, with an error (the store is up) */
    public StoreException(String message, Throwable cause, boolean refused) {
        super(Secrets.scrub(message), cause);
        this.refused = refused;
    }

    /**
     * True when the store answered with an error about this command (a key of the wrong type): it
     * is reachable, but will not do this. A wrong password or a missing ACL right is not "refused":
     * it stops every command, as an outage does.
     */
    public boolean refused() {
        return refused;
    }
}
