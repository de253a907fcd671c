/**
 * The agent's entry points ({@code premain}, {@code agentmain}, the CLI's {@code main}) and the
 * class loader that isolates the agent's internals.
 *
 * <p>This package is loaded by the application's system class loader (the JVM puts a
 * {@code -javaagent} jar on the class path), so it is kept tiny and free of dependencies, and it
 * is the only thing at the jar's root. It defines the bridge ({@code dev.pancake.bridge}) in the
 * bootstrap class loader ({@link dev.pancake.launcher.BootstrapBridge}), then loads everything
 * else from the jar's {@code inst/} folder through {@link dev.pancake.launcher.InternalLoader}.
 */
package dev.pancake.launcher;
