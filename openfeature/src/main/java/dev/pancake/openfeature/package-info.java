/**
 * Pancake as an OpenFeature provider: {@link dev.pancake.openfeature.PancakeProvider}.
 *
 * <p>The provider holds no flags of its own. It asks the Pancake agent attached to the JVM, through
 * the agent's bootstrap bridge (found by name, so any class loader works), and turns its answers
 * into OpenFeature evaluations ({@code Outcomes}) and the evaluation context into Pancake's group
 * ids ({@code ContextIds}).
 */
package dev.pancake.openfeature;
