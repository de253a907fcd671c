/**
 * Evaluation: what a gated call and the programmatic API decide, from an in-memory picture of the
 * store that a single background thread keeps current.
 *
 * <p>The hot path ({@link dev.pancake.agent.engine.MethodGate#enter()}) reads immutable
 * {@link dev.pancake.agent.engine.FlagState.Snapshot}s and per-group override maps: no I/O, no
 * lock, no allocation. Everything that talks to the store runs on the {@code pancake-sync} thread
 * ({@code StoreSync}, which {@link dev.pancake.agent.engine.Engine} wires), fed by the store's
 * change feed. The engine knows nothing of Byte Buddy, HTTP or JMX; those sit around it and call in.
 */
package dev.pancake.agent.engine;
