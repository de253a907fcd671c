package dev.pancake.agent.store;

import java.util.Collection;

/** Receives every change of the watched keys, made by anyone. Called on a store thread. */
public interface ChangeListener {

    /** These keys changed (written, deleted or expired) and must be read again. */
    void changed(Collection<String> keys);

    /**
     * Changes may have been missed (the change feed was down, or the database was flushed):
     * every value must be read again.
     */
    void resync();
}
