package dev.pancake.agent.config;

import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.ReaderException;

/**
 * Turns an exception SnakeYAML throws while reading pancake.yml into one of Pancake's one-line
 * problems: the line and column where reading stopped and what is wrong, in words about the file
 * rather than about the parser.
 */
final class YamlErrors {

    private YamlErrors() {
    }

    /**
     * The problem that {@code e} stands for.
     *
     * @param e a {@link org.yaml.snakeyaml.error.YAMLException} or an {@link IllegalArgumentException}
     *     thrown while composing {@code text}
     * @param parser the parser that threw it, asked where it stopped when {@code e} has no position;
     *     null when it was not created
     */
    static ConfigException.Problem problem(RuntimeException e, String text, String source, ParserImpl parser) {
        if (e instanceof ReaderException re) {
            int[] at = lineAndColumn(text, re.getPosition());
            return new ConfigException.Problem(source, at[0], at[1], "", "not valid YAML: character "
                    + String.format("U+%04X", re.getCodePoint()) + " is not allowed (write it as an escape in double quotes)");
        }
        if (e instanceof MarkedYAMLException me) {
            Mark m = me.getProblemMark() != null ? me.getProblemMark() : me.getContextMark();
            String what = me.getProblem() != null ? me.getProblem() : me.getMessage();
            if (what != null && what.startsWith("Global tag is not allowed: ")) {
                what = "YAML tag " + what.substring("Global tag is not allowed: ".length())
                        + " is not allowed: pancake.yml holds plain values only";
                return new ConfigException.Problem(source, m == null ? 0 : m.getLine() + 1,
                        m == null ? 0 : m.getColumn() + 1, "", what);
            }
            return new ConfigException.Problem(source, m == null ? 0 : m.getLine() + 1,
                    m == null ? 0 : m.getColumn() + 1, "", "not valid YAML: " + oneLine(what));
        }
        // unmarked: the nesting limit, for one; the next event is where the parser stopped
        Mark m = null;
        try {
            m = parser == null ? null : parser.peekEvent().getStartMark();
        } catch (RuntimeException ignored) {
            // no better position than the start of the file
        }
        String what = oneLine(e.getMessage());
        if (what.startsWith("Nesting Depth exceeded max ")) {
            what = "nested deeper than " + what.substring("Nesting Depth exceeded max ".length()) + " levels";
        }
        return new ConfigException.Problem(source, m == null ? 1 : m.getLine() + 1,
                m == null ? 1 : m.getColumn() + 1, "", "not valid YAML: " + what);
    }

    /** The 1-based line and column of the code point at {@code codePointIndex}. */
    private static int[] lineAndColumn(String text, int codePointIndex) {
        int line = 1;
        int column = 1;
        int i = 0;
        for (int n = 0; n < codePointIndex && i < text.length(); n++) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            if (c == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return new int[] {line, column};
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("\\s+", " ").trim();
    }
}
