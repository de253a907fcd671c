package dev.pancake.agent.admin.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.pancake.agent.config.FlagType;
import dev.pancake.agent.protocol.Verb;

class CommandSpecTest {

    @Test
    void theWritingCommandsAreExactlyTheVerbsTheEngineApplies() {
        for (FlagType type : FlagType.values()) {
            List<Verb> writes = new ArrayList<>();
            for (CommandSpec c : CommandSpec.of(CommandSpec.noun(type))) {
                if (c.writes()) {
                    writes.add(c.write());
                }
            }
            assertEquals(Verb.of(type), writes, type.toString());
        }
    }

    @Test
    void usageShowsArgumentsAndJson() {
        assertEquals("flags enable-group NAME GROUP ID", CommandSpec.find("flags", "enable-group").usage());
        assertEquals("list [--json]", CommandSpec.LIST.usage());
        assertEquals("flags list-group GROUP ID [--json]", CommandSpec.find("flags", "list-group").usage());
    }

    @Test
    void everyCommandOfSpecSection5Exists() {
        for (String path : List.of("list", "switches enable", "switches disable", "switches clear", "flags enable",
                "flags disable", "flags clear", "flags enable-group", "flags disable-group", "flags clear-group",
                "flags clear-all-group", "flags list-group", "samples set", "samples clear")) {
            String[] words = path.split(" ");
            CommandSpec c = words.length == 1 ? CommandSpec.LIST : CommandSpec.find(words[0], words[1]);
            assertEquals(path, c == null ? null : c.path());
        }
    }
}
