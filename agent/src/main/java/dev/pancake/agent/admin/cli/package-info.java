/**
 * The command-line interface behind {@link dev.pancake.agent.admin.Cli}: parsing
 * ({@link dev.pancake.agent.admin.cli.Invocation} against the command table
 * {@link dev.pancake.agent.admin.cli.CommandSpec}), help, "did you mean" suggestions, and the
 * commands themselves. Writes go through the protocol's {@code FlagCommands} and reads through
 * {@code FlagReport}, the same code the agent, JMX and the admin page use, so every surface writes
 * and shows exactly the same.
 */
package dev.pancake.agent.admin.cli;
