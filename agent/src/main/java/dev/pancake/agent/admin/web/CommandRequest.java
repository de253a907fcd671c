package dev.pancake.agent.admin.web;

import java.util.Locale;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import dev.pancake.agent.config.FlagType;
import dev.pancake.agent.engine.Engine;
import dev.pancake.agent.history.Origin;
import dev.pancake.agent.protocol.Verb;
import dev.pancake.agent.store.StoreException;

/**
 * The body of {@code POST /api/command}: the CLI's words as JSON,
 * {@code {"type": "switch", "name": "NEW_CHECKOUT", "verb": "enable"}}, with {@code group} and
 * {@code id} for a flag's group verbs, {@code percent} for {@code samples set}, and an optional
 * {@code reason} kept with the change in the history.
 */
record CommandRequest(FlagType type, String name, Verb verb, String group, String id, String percent, String reason) {

    /**
     * @throws IllegalArgumentException when the body is not such an object (the message says
     *                                  what was expected)
     */
    static CommandRequest parse(String body) {
        JsonElement parsed;
        try {
            parsed = JsonParser.parseString(body);
        } catch (JsonParseException e) {
            parsed = null;
        }
        if (parsed == null || !parsed.isJsonObject()) {
            throw new IllegalArgumentException("expected a JSON object such as "
                    + "{\"type\": \"switch\", \"name\": \"NEW_CHECKOUT\", \"verb\": \"enable\"}");
        }
        JsonObject o = parsed.getAsJsonObject();
        String typeText = text(o, "type");
        FlagType type = FlagType.parse(typeText);
        if (type == null) {
            throw new IllegalArgumentException("\"type\" must be switch, flag or sample, got "
                    + (typeText == null ? "nothing" : "\"" + typeText + "\""));
        }
        String name = text(o, "name");
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("\"name\" is required: the flag's name");
        }
        String verb = text(o, "verb");
        if (verb == null) {
            throw new IllegalArgumentException("\"verb\" is required, for example \"enable\"");
        }
        return new CommandRequest(type, name.trim(), Verb.parse(type, verb), text(o, "group"),
                text(o, "id"), text(o, "percent"), text(o, "reason"));
    }

    private static String text(JsonObject o, String key) {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) {
            return null;
        }
        if (!e.isJsonPrimitive()) {
            throw new IllegalArgumentException("\"" + key + "\" must be a string");
        }
        return e.getAsString();
    }

    /** Runs the command as {@code actor} (the name of the token it came with); returns what was done. */
    String run(Engine engine, String actor) throws StoreException {
        engine.command(type, name, verb, group, id, percent, Origin.of(actor, Origin.ADMIN, reason));
        String target = group == null ? "" : id == null ? " for every " + group : " for " + group + " " + id;
        return type.lower() + " " + name.toUpperCase(Locale.ROOT) + ": " + verb + target
                + (percent == null ? "" : " " + percent + " %") + " done";
    }
}
