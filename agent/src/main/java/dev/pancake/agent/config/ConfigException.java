package dev.pancake.agent.config;

import java.util.List;

/** A pancake.yml that cannot be used, with every problem found, each naming its line and column. */
public final class ConfigException extends Exception {

    private static final long serialVersionUID = 1L;

    /** One problem: {@code pancake.yml:12:5: flags.X.default: expected true or false, got "maybe"}. */
    public record Problem(String source, int line, int column, String path, String message) {
        @Override
        public String toString() {
            StringBuilder b = new StringBuilder(source);
            if (line > 0) {
                b.append(':').append(line).append(':').append(column);
            }
            b.append(": ");
            if (path != null && !path.isEmpty()) {
                b.append(path).append(": ");
            }
            return b.append(message).toString();
        }
    }

    private final transient List<Problem> problems;

    public ConfigException(List<Problem> problems) {
        super(render(problems));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }

    private static String render(List<Problem> problems) {
        StringBuilder b = new StringBuilder();
        for (Problem p : problems) {
            if (b.length() > 0) {
                b.append('\n');
            }
            b.append(p);
        }
        return b.toString();
    }
}
