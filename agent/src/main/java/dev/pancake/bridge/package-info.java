/**
 * The bridge between instrumented application code and the agent.
 *
 * <p>These few classes are the only agent classes that application class loaders can see: the
 * launcher defines them in the bootstrap class loader (only these classes, never the agent jar),
 * and every class loader that obeys the JDK's delegation model finds them there. The code woven
 * into a gated method calls {@link dev.pancake.bridge.Bridge#gate(int)}; the programmatic API in
 * {@code pancake-annotations} finds {@link dev.pancake.bridge.Bridge} by name. Everything behind
 * these abstract classes (the engine, ASM, Jedis, SnakeYAML) lives in the agent's own isolated
 * class loader.
 *
 * <p>Rules for this package: JDK types only, no dependencies, no locks on the call path, and keep
 * it small: whatever is here is frozen into the bootstrap class path of every application.
 */
package dev.pancake.bridge;
