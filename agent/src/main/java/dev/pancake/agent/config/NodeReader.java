package dev.pancake.agent.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

import dev.pancake.agent.log.Secrets;

/**
 * Reads values out of a composed YAML node tree and collects the problems found, each with its
 * line and column: a mapping's entries (unknown and duplicate keys reported), and a scalar as
 * text, a secret, true or false, a whole number in a range, a number or whatever YAML types it
 * as, all after ${VAR} expansion. It does not know which keys pancake.yml has.
 */
final class NodeReader {

    private final String source;
    private final EnvExpander env;
    private final Resolver resolver = new Resolver();
    private final List<ConfigException.Problem> problems = new ArrayList<>();

    NodeReader(String source, EnvExpander env) {
        this.source = source;
        this.env = env;
    }

    /** The name of the file in problems. */
    String source() {
        return source;
    }

    /** The resolver that types scalars, the one the file is composed with. */
    Resolver resolver() {
        return resolver;
    }

    /** The problems found so far, in the order found (the list itself, not a copy). */
    List<ConfigException.Problem> problems() {
        return problems;
    }


    MappingNode mapping(Node node, String path) {
        if (node instanceof MappingNode map) {
            return map;
        }
        problem(node, path, "expected a mapping of key: value" + (node instanceof ScalarNode s
                ? ", got " + quote(s.getValue()) : ""));
        return null;
    }

    /** The entries of a mapping, reporting unknown keys (when {@code allowed} is given) and duplicates. */
    List<NodeTuple> entries(MappingNode map, String path, Set<String> allowed) {
        List<NodeTuple> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (NodeTuple t : map.getValue()) {
            Node k = t.getKeyNode();
            if (!(k instanceof ScalarNode)) {
                problem(k, path, "expected a plain key");
                continue;
            }
            String key = keyText(t);
            String p = path.isEmpty() ? key : path + "." + key;
            try {
                env.expand(((ScalarNode) k).getValue());
            } catch (IllegalArgumentException e) {
                problem(k, p, e.getMessage());
                continue;
            }
            if (allowed != null && !allowed.contains(key)) {
                problem(k, p, "unknown key " + quote(key) + "; expected one of " + new java.util.TreeSet<>(allowed));
                continue;
            }
            if (!seen.add(key)) {
                problem(k, p, "duplicate key " + quote(key));
                continue;
            }
            out.add(t);
        }
        return out;
    }

    /** A key's text after ${VAR} expansion (an expansion that fails is reported by {@link #entries}). */
    String keyText(NodeTuple t) {
        String raw = ((ScalarNode) t.getKeyNode()).getValue();
        try {
            return env.expand(raw);
        } catch (IllegalArgumentException e) {
            return raw;
        }
    }

    boolean isNull(Node node) {
        return node instanceof ScalarNode && Tag.NULL.equals(scalarTag(node));
    }

    String scalarText(Node node) {
        try {
            return env.expand(((ScalarNode) node).getValue());
        } catch (IllegalArgumentException e) {
            return ((ScalarNode) node).getValue();
        }
    }

    /**
     * The tag a scalar resolves to after ${VAR} expansion. A quoted scalar is a string, unless it
     * holds a ${VAR} reference: then it is typed after expansion too, because flow mappings such as
     * {@code {default: "${ROLLOUT:-25}"}} need the quotes ({@code {} is YAML syntax there).
     */
    Tag scalarTag(Node node) {
        if (!(node instanceof ScalarNode s)) {
            return null;
        }
        if (!s.isPlain() && Tag.STR.equals(node.getTag()) && s.getValue().contains("${")) {
            return resolver.resolve(NodeId.scalar, scalarText(node), true);
        }
        if (!s.isPlain() || node.getTag() == null || !node.getTag().equals(
                resolver.resolve(NodeId.scalar, s.getValue(), true))) {
            return node.getTag();
        }
        return resolver.resolve(NodeId.scalar, scalarText(node), true);
    }

    /** The expanded text of a scalar, or null (with a problem) when it is not a scalar or cannot expand. */
    String string(Node node, String path) {
        if (!(node instanceof ScalarNode s)) {
            problem(node, path, "expected a single value, got a " + (node instanceof MappingNode ? "mapping" : "list"));
            return null;
        }
        try {
            String text = env.expand(s.getValue());
            if (Tag.NULL.equals(scalarTag(node)) && s.isPlain()) {
                problem(node, path, "expected a value, got nothing");
                return null;
            }
            return text;
        } catch (IllegalArgumentException e) {
            problem(node, path, e.getMessage());
            return null;
        }
    }

    /** Like {@link #string} but never echoes the value in messages. */
    String secret(Node node, String path) {
        if (!(node instanceof ScalarNode s)) {
            problem(node, path, "expected a single value");
            return null;
        }
        try {
            remember(path, s.getValue()); // as written too: a message about a bad ${...} quotes it
            String value = env.expand(s.getValue());
            remember(path, value);
            return value;
        } catch (IllegalArgumentException e) {
            problem(node, path, e.getMessage());
            return null;
        }
    }

    private static void remember(String path, String secret) {
        if (path.equals("redis.url")) {
            Secrets.rememberUrl(secret);
        } else {
            Secrets.remember(secret);
        }
    }

    Boolean bool(Node node, String path) {
        String text = string(node, path);
        if (text == null) {
            return null;
        }
        if (Tag.BOOL.equals(scalarTag(node))) {
            switch (text.toLowerCase(Locale.ROOT)) {
                case "true": case "yes": case "on": case "y": return Boolean.TRUE;
                default: return Boolean.FALSE;
            }
        }
        problem(node, path, "expected true or false, got " + quote(text));
        return null;
    }

    Long integer(Node node, String path, long min, long max) {
        String text = string(node, path);
        if (text == null) {
            return null;
        }
        if (Tag.INT.equals(scalarTag(node)) && text.matches("[+-]?\\d{1,18}")) {
            long v = Long.parseLong(text);
            if (v >= min && v <= max) {
                return v;
            }
        }
        problem(node, path, "expected a whole number in " + min + ".." + max + ", got " + quote(text));
        return null;
    }

    Double number(Node node, String path) {
        String text = string(node, path);
        if (text == null) {
            return null;
        }
        Tag tag = scalarTag(node);
        if ((Tag.INT.equals(tag) || Tag.FLOAT.equals(tag))) {
            try {
                double v = Double.parseDouble(text.replace("_", ""));
                if (!Double.isNaN(v) && !Double.isInfinite(v)) {
                    return v;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        problem(node, path, "expected a number, got " + quote(text));
        return null;
    }

    /** A scalar as YAML types it: String, Long, Double, Boolean, or null. */
    Object scalarValue(Node node, String path) {
        Tag tag = scalarTag(node);
        if (Tag.NULL.equals(tag)) {
            return null;
        }
        String text = string(node, path);
        if (text == null) {
            return null;
        }
        if (Tag.BOOL.equals(tag)) {
            return bool(node, path);
        }
        if (Tag.INT.equals(tag) && text.matches("[+-]?\\d{1,18}")) {
            return Long.parseLong(text);
        }
        if (Tag.FLOAT.equals(tag)) {
            try {
                return Double.parseDouble(text.replace("_", ""));
            } catch (NumberFormatException e) {
                return text;
            }
        }
        return text;
    }

    int problemsAt(Node node) {
        int line = node.getStartMark().getLine() + 1;
        int n = 0;
        for (ConfigException.Problem p : problems) {
            if (p.line() >= line) {
                n++;
            }
        }
        return n;
    }

    void problem(Node node, String path, String message) {
        Mark m = node == null ? null : node.getStartMark();
        problems.add(new ConfigException.Problem(source, m == null ? 0 : m.getLine() + 1, m == null ? 0 : m.getColumn() + 1,
                path, message));
    }

    static String quote(String text) {
        if (text == null) {
            return "nothing";
        }
        String t = text.length() > 80 ? text.substring(0, 77) + "..." : text;
        return "\"" + t.replace("\n", "\\n") + "\"";
    }
}
