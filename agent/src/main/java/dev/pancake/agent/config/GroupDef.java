package dev.pancake.agent.config;

/**
 * One entry of {@code groups:}: a group name (such as user) and how to find the current id.
 *
 * @param where the file and line that declare it ({@code pancake.yml:7}), for messages
 */
public record GroupDef(String name, AccessorSpec accessor, String where) {
}
