package dev.pancake.agent.store;

/** The store could not be reached or refused a command. The message is safe to show (no secrets). */
public final class StoreException extends Exception {

    private static final long serialVersionUID = 1L;

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
