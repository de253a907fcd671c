package dev.pancake.agent.config;

/** One entry of {@code groups:}: a group name (such as user) and how to find the current id. */
public record GroupDef(String name, AccessorSpec accessor) {
}
