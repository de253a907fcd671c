/**
 * {@code pancake.yml}: where it is found ({@link dev.pancake.agent.config.ConfigLocator}), what it
 * may say ({@link dev.pancake.agent.config.Config} and its parts), how it is read and checked
 * ({@link dev.pancake.agent.config.ConfigParser}), and how edits reach a running agent
 * ({@link dev.pancake.agent.config.ConfigWatcher}).
 */
package dev.pancake.agent.config;
