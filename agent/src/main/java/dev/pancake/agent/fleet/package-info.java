/**
 * The fleet of a namespace, kept in Redis: each agent's heartbeat
 * ({@link dev.pancake.agent.fleet.Heartbeat}, sent on the timer thread from the counters the
 * gated calls keep anyway), reading the running instances back ({@link dev.pancake.agent.fleet.Fleet}),
 * and the flags that want cleaning up ({@link dev.pancake.agent.fleet.Stale}). Depends on the
 * engine's reports, {@code history}, {@code protocol} and {@code store}.
 */
package dev.pancake.agent.fleet;
