/**
 * {@code pancake.yml}: where it is found ({@link dev.pancake.agent.config.ConfigLocator}), what it
 * may say ({@link dev.pancake.agent.config.Config} and its parts), how it is read and checked
 * ({@link dev.pancake.agent.config.ConfigParser} with the schema, {@code FlagSchema} for the
 * {@code flags:} section, {@code BoundedYaml} composing the text within its limits,
 * {@code NodeReader} reading typed values from the nodes and {@code YamlErrors} turning
 * SnakeYAML's exceptions into one-line problems), and how edits reach a running agent
 * ({@link dev.pancake.agent.config.ConfigWatcher}).
 */
package dev.pancake.agent.config;
