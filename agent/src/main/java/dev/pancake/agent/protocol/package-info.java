/**
 * flask-pancake 0.5's protocol, as the engine, the CLI, JMX and the admin page speak it: the Redis
 * keys ({@link dev.pancake.agent.protocol.Keys}), the values stored in them
 * ({@link dev.pancake.agent.protocol.StoredValue}), reading the tracking sets that list a flag's
 * overrides ({@link dev.pancake.agent.protocol.TrackingSets}) and the writes
 * ({@link dev.pancake.agent.protocol.FlagCommands}). It depends only on {@code config},
 * {@code store} and {@code log}; nothing here knows the engine or the operator surfaces.
 */
package dev.pancake.agent.protocol;
