package dev.pancake.agent.protocol;

import java.util.List;

import dev.pancake.agent.store.Command;
import dev.pancake.agent.store.Store;
import dev.pancake.agent.store.StoreException;

/**
 * Sends a write's commands to the store, and may record it with them (the history, in the same
 * transaction). {@link #PLAIN} only writes.
 */
public interface Recorder {

    /** Sends {@code writes} (flask-pancake's commands for the change), recording {@code change} where it can. */
    void write(Store store, List<Command> writes, Change change) throws StoreException;

    /** Writes without recording anything. */
    Recorder PLAIN = new Recorder() {
        @Override
        public void write(Store store, List<Command> writes, Change change) throws StoreException {
            store.run(writes, false);
        }
    };
}
