package dev.pancake.demo;

import java.util.Map;

import dev.pancake.Flag;
import dev.pancake.Sample;
import dev.pancake.Switch;

/**
 * {@code POST /flags/switches|flags|samples/NAME/VERB}: changes a flag from inside the application with the
 * programmatic API ({@link Switch}, {@link Flag}, {@link Sample}), then answers with its new state. With Redis
 * configured the change lands in flask-pancake's keys, so every other JVM and Flask app sees it too; without Redis it
 * changes this JVM's in-memory store.
 *
 * <p>The flag's name comes from the URL, so each request looks its flag up with {@code of}. In application code keep
 * the flag in a field instead: {@code private static final Switch NEW_CHECKOUT = Switch.of("NEW_CHECKOUT");}.
 */
final class FlagEndpoints {

    /** {@code POST /flags/switches/NAME/enable|disable|clear}. */
    String switches(String path, Map<String, String> query) {
        String[] nameAndVerb = nameAndVerb(path);
        Switch flag = Switch.of(nameAndVerb[0]);
        switch (nameAndVerb[1]) {
            case "enable" -> flag.enable();
            case "disable" -> flag.disable();
            case "clear" -> flag.clear(); // back to the default from pancake.yml
            default -> throw unknownVerb("a switch", nameAndVerb[1], "enable, disable or clear");
        }
        return "Switch " + flag.name() + " is now " + onOff(flag.isActive()) + ".";
    }

    /** {@code POST /flags/flags/NAME/enable|disable|clear} and {@code .../enable-user|disable-user|clear-user?user=ID}. */
    String flags(String path, Map<String, String> query) {
        String[] nameAndVerb = nameAndVerb(path);
        Flag flag = Flag.of(nameAndVerb[0]);
        String user = query.get("user");
        switch (nameAndVerb[1]) {
            case "enable" -> flag.enable();
            case "disable" -> flag.disable();
            case "clear" -> flag.clear();
            case "enable-user" -> flag.enableUser(required("user", user));
            case "disable-user" -> flag.disableUser(required("user", user));
            case "clear-user" -> flag.clearUser(required("user", user));
            default -> throw unknownVerb("a flag", nameAndVerb[1],
                    "enable, disable, clear, enable-user, disable-user or clear-user");
        }
        // The request's ?user= is in RequestContext, so isActive() answers for that user, as a gated call would.
        return user == null
                ? "Flag " + flag.name() + " is now " + onOff(flag.isActiveGlobally()) + " globally."
                : "Flag " + flag.name() + " is now " + onOff(flag.isActive()) + " for user " + user + ".";
    }

    /** {@code POST /flags/samples/NAME/set?percent=P} and {@code .../clear}. */
    String samples(String path, Map<String, String> query) {
        String[] nameAndVerb = nameAndVerb(path);
        Sample sample = Sample.of(nameAndVerb[0]);
        switch (nameAndVerb[1]) {
            case "set" -> {
                String percent = required("percent", query.get("percent"));
                sample.set(percent(percent));
                return "Sample " + sample.name() + " is now at " + percent + " %.";
            }
            case "clear" -> {
                sample.clear();
                return "Sample " + sample.name() + " is back to its default from pancake.yml.";
            }
            default -> throw unknownVerb("a sample", nameAndVerb[1], "set or clear");
        }
    }

    /** NAME and VERB from {@code /flags/KIND/NAME/VERB}. */
    private static String[] nameAndVerb(String path) {
        String[] parts = path.split("/");
        if (parts.length != 5) {
            throw new IllegalArgumentException("expected /flags/" + (parts.length > 2 ? parts[2] : "KIND")
                    + "/NAME/VERB, got " + path);
        }
        return new String[] {parts[3], parts[4]};
    }

    private static double percent(String text) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("percent must be a number from 0 to 100, got \"" + text + "\"");
        }
    }

    private static String required(String parameter, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("this change needs the query parameter ?" + parameter + "=...");
        }
        return value;
    }

    private static IllegalArgumentException unknownVerb(String what, String verb, String verbs) {
        return new IllegalArgumentException(what + " cannot \"" + verb + "\"; it can " + verbs);
    }

    private static String onOff(boolean active) {
        return active ? "on" : "off";
    }
}
