package dev.pancake.agent.config;

import java.util.function.Function;

/**
 * {@code ${VAR}} and {@code ${VAR:-default}} from the environment, so passwords stay out of the
 * file. {@code :-} takes the default when the variable is unset or empty, as in the shell;
 * {@code $$} is a literal {@code $}.
 */
final class EnvExpander {

    private final Function<String, String> env;

    EnvExpander(Function<String, String> env) {
        this.env = env;
    }

    /** The expanded text; throws IllegalArgumentException naming an unset variable or bad syntax. */
    String expand(String text) {
        if (text.indexOf('$') < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c != '$' || i + 1 >= text.length()) {
                out.append(c);
                i++;
                continue;
            }
            char next = text.charAt(i + 1);
            if (next == '$') {
                out.append('$');
                i += 2;
                continue;
            }
            if (next != '{') {
                out.append(c);
                i++;
                continue;
            }
            int close = text.indexOf('}', i + 2);
            if (close < 0) {
                throw new IllegalArgumentException("unclosed ${ in \"" + text + "\"");
            }
            String body = text.substring(i + 2, close);
            String name = body;
            String fallback = null;
            int sep = body.indexOf(":-");
            if (sep >= 0) {
                name = body.substring(0, sep);
                fallback = body.substring(sep + 2);
            }
            if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new IllegalArgumentException("\"${" + body + "}\" is not a variable reference; expected ${NAME} or ${NAME:-default}");
            }
            String value = env.apply(name);
            if (value == null || (value.isEmpty() && fallback != null)) {
                if (fallback == null) {
                    throw new IllegalArgumentException("environment variable " + name
                            + " is not set (write ${" + name + ":-default} to give a default)");
                }
                value = fallback;
            }
            out.append(value);
            i = close + 1;
        }
        return out.toString();
    }
}
