/**
 * flask-pancake 0.5's protocol, as the engine, the CLI, JMX and the admin page speak it: the Redis
 * keys ({@link dev.pancake.agent.protocol.Keys}) and the values stored in them
 * ({@link dev.pancake.agent.protocol.StoredValue}). It depends only on {@code config},
 * {@code store} and {@code log}; nothing here knows the engine or the operator surfaces.
 */
package dev.pancake.agent.protocol;
