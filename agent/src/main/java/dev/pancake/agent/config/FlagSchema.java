package dev.pancake.agent.config;

import static dev.pancake.agent.config.NodeReader.quote;

import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * The {@code flags:} section of pancake.yml: what a flag may declare (type, default, fallback,
 * sticky, methods), what each means, and what a fallback may be; a sticky group is checked
 * against the groups declared beside the flags.
 */
final class FlagSchema {

    private static final Pattern METHOD_REF = Pattern.compile("(" + ConfigParser.IDENT + "(?:\\." + ConfigParser.IDENT
            + ")*)#(" + ConfigParser.IDENT + ")");
    private static final Pattern IDENTIFIER = Pattern.compile(ConfigParser.IDENT);

    private final NodeReader yaml;

    /** @param yaml where the flags are read from and problems reported */
    FlagSchema(NodeReader yaml) {
        this.yaml = yaml;
    }

    /** The flags declared under {@code flags:}, by upper-case name in the file's order; one with a problem is left out. */
    Map<String, FlagDef> flags(MappingNode map, List<GroupDef> groups) {
        Set<String> groupNames = new HashSet<>();
        for (GroupDef g : groups) {
            groupNames.add(g.name());
        }
        Map<String, FlagDef> out = new LinkedHashMap<>();
        for (NodeTuple t : yaml.entries(map, "flags", null)) {
            String raw = yaml.keyText(t);
            String path = "flags." + raw;
            if (!ConfigParser.NAME.matcher(raw).matches()) {
                yaml.problem(t.getKeyNode(), path, "a flag name must be letters, digits, '_', '-' or '.' (at most 200)");
                continue;
            }
            String name = raw.toUpperCase(Locale.ROOT);
            if (out.containsKey(name)) {
                yaml.problem(t.getKeyNode(), path, "flag " + name + " is declared twice (names are case-insensitive)");
                continue;
            }
            FlagDef def = flag(name, path, t.getValueNode(), groupNames, t.getKeyNode().getStartMark().getLine() + 1);
            if (def != null) {
                out.put(name, def);
            }
        }
        return Collections.unmodifiableMap(out);
    }

    private FlagDef flag(String name, String path, Node node, Set<String> groupNames, int line) {
        if (yaml.isNull(node)) {
            return new FlagDef(name, FlagType.SWITCH, false, false, 0, FallbackSpec.SKIP, null, Map.of(), line);
        }
        MappingNode map = yaml.mapping(node, path);
        if (map == null) {
            return null;
        }
        FlagType type = null;
        Node defaultNode = null;
        FallbackSpec fallback = FallbackSpec.SKIP;
        String sticky = null;
        Node stickyNode = null;
        Map<String, FallbackSpec> methods = Map.of();
        int before = yaml.problems().size();
        for (NodeTuple t : yaml.entries(map, path, Set.of("type", "default", "fallback", "sticky", "methods"))) {
            Node v = t.getValueNode();
            switch (yaml.keyText(t)) {
                case "type":
                    String ty = yaml.string(v, path + ".type");
                    if (ty != null) {
                        type = FlagType.parse(ty);
                        if (type == null || ty.endsWith("s")) {
                            yaml.problem(v, path + ".type", "expected switch, flag or sample, got " + quote(ty));
                            type = null;
                        }
                    }
                    break;
                case "default":
                    defaultNode = v;
                    break;
                case "fallback":
                    FallbackSpec f = fallback(v, path + ".fallback");
                    if (f != null) {
                        fallback = f;
                    }
                    break;
                case "sticky":
                    sticky = yaml.string(v, path + ".sticky");
                    stickyNode = v;
                    break;
                case "methods":
                    methods = methods(v, path + ".methods");
                    break;
                default:
                    break;
            }
        }
        boolean declared = type != null;
        if (type == null) {
            Tag tag = defaultNode == null ? null : yaml.scalarTag(defaultNode);
            type = (Tag.INT.equals(tag) || Tag.FLOAT.equals(tag) || sticky != null) ? FlagType.SAMPLE : FlagType.SWITCH;
        }
        boolean active = false;
        double percent = 0;
        if (defaultNode != null && !yaml.isNull(defaultNode)) {
            if (type == FlagType.SAMPLE) {
                Double p = yaml.number(defaultNode, path + ".default");
                if (p != null) {
                    if (p < 0 || p > 100) {
                        yaml.problem(defaultNode, path + ".default", "a sample's default is a percentage in 0..100, got "
                                + quote(yaml.scalarText(defaultNode)));
                    } else {
                        percent = p;
                    }
                }
            } else {
                Boolean b = yaml.bool(defaultNode, path + ".default");
                if (b != null) {
                    active = b;
                }
            }
        }
        if (sticky != null) {
            if (type != FlagType.SAMPLE) {
                yaml.problem(stickyNode, path + ".sticky", "only a sample can be sticky; this is a " + type.lower());
            } else if (!groupNames.contains(sticky)) {
                yaml.problem(stickyNode, path + ".sticky", "expected a group declared under groups:"
                        + (groupNames.isEmpty() ? " (there are none)" : " " + new java.util.TreeSet<>(groupNames))
                        + ", got " + quote(sticky));
            }
        }
        if (yaml.problems().size() > before) {
            return null;
        }
        return new FlagDef(name, type, declared, active, percent, fallback, sticky, methods, line);
    }

    private Map<String, FallbackSpec> methods(Node node, String path) {
        MappingNode map = yaml.mapping(node, path);
        if (map == null) {
            return Map.of();
        }
        Map<String, FallbackSpec> out = new LinkedHashMap<>();
        for (NodeTuple t : yaml.entries(map, path, null)) {
            String ref = yaml.keyText(t).trim();
            String p = path + "." + ref;
            if (!METHOD_REF.matcher(ref).matches()) {
                yaml.problem(t.getKeyNode(), p, "expected com.example.Class#method, got " + quote(ref));
                continue;
            }
            FallbackSpec f = fallback(t.getValueNode(), p);
            if (f != null) {
                out.put(ref, f);
            }
        }
        return Collections.unmodifiableMap(out);
    }

    private FallbackSpec fallback(Node node, String path) {
        String expected = "expected skip, throw, {return: VALUE} or {call: methodName}";
        if (node instanceof ScalarNode) {
            String text = yaml.string(node, path);
            if ("skip".equals(text)) {
                return FallbackSpec.SKIP;
            }
            if ("throw".equals(text)) {
                return FallbackSpec.THROW;
            }
            yaml.problem(node, path, expected + ", got " + quote(text));
            return null;
        }
        if (!(node instanceof MappingNode map) || map.getValue().size() != 1) {
            yaml.problem(node, path, expected);
            return null;
        }
        NodeTuple t = map.getValue().get(0);
        String key = yaml.keyText(t);
        Node v = t.getValueNode();
        if ("return".equals(key)) {
            if (!(v instanceof ScalarNode)) {
                yaml.problem(v, path + ".return", "expected a single value (text, number, true/false, an enum constant or null)");
                return null;
            }
            return new FallbackSpec.Return(yaml.scalarValue(v, path + ".return"));
        }
        if ("call".equals(key)) {
            String method = yaml.string(v, path + ".call");
            if (method == null) {
                return null;
            }
            if (!IDENTIFIER.matcher(method).matches()) {
                yaml.problem(v, path + ".call", "expected the name of a method of the same class, got " + quote(method));
                return null;
            }
            return new FallbackSpec.Call(method);
        }
        yaml.problem(t.getKeyNode(), path, expected + ", got {" + key + ": ...}");
        return null;
    }
}
