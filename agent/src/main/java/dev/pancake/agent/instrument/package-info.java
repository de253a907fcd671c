/**
 * Finds the methods annotated {@code @dev.pancake.Toggle} as classes load (or, after a dynamic
 * attach, in classes already loaded) and writes a small gate in front of each one's body
 * ({@link dev.pancake.agent.instrument.GateWeaver}).
 *
 * <p>Cheap for every other class: {@link dev.pancake.agent.instrument.ToggleTransformer} first
 * skips JDK and agent classes by name, then looks for the bytes {@code Ldev/pancake/Toggle;} in
 * the class file (a class that uses the annotation must name it in its constant pool). Only the
 * few classes that pass are parsed. The annotation is matched by name, never by class, because
 * the annotations jar lives in the application's class loader, not the agent's.
 */
package dev.pancake.agent.instrument;
