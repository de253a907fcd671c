/**
 * The history of changes, kept in Redis: the stream {@code PANCAKE:{ns}:history} written with
 * every change made through Pancake ({@link dev.pancake.agent.history.HistoryLog}, who and how in
 * {@link dev.pancake.agent.history.Origin}), and changes made by other clients, recorded once
 * across every agent that sees them ({@link dev.pancake.agent.history.ExternalChanges}). Depends on
 * {@code protocol}, {@code store}, {@code config}, {@code background} and {@code log}; the engine
 * hands changes to it, never the other way round.
 */
package dev.pancake.agent.history;
