/**
 * Where flag state lives: {@link dev.pancake.agent.store.RedisStore} (flask-pancake's keys in
 * Redis) or {@link dev.pancake.agent.store.MemoryStore} (no {@code redis:} in pancake.yml).
 *
 * <p>A store reads, writes and reports changes; it never decides what a value means. The engine
 * calls it only from its own background thread and from explicit writes (CLI, API, JMX, page),
 * never from a gated call.
 */
package dev.pancake.agent.store;
