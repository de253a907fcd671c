package dev.pancake.agent.config;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.comments.CommentLine;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

import dev.pancake.agent.log.Secrets;

/**
 * Reads and checks pancake.yml. The file is only composed into a node tree, never constructed
 * into objects, so no YAML tag can instantiate a class; tags other than YAML's standard ones are
 * refused. Every problem is collected with its line and column; the file is accepted only when
 * there are none.
 */
public final class ConfigParser {

    static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.\\-]{0,199}");
    private static final String IDENT = "[A-Za-z_$][A-Za-z0-9_$]*";
    private static final Pattern HOST_NAME = Pattern.compile("\\[?[A-Za-z0-9_.:-]{1,253}\\]?");
    private static final Pattern ACCESSOR = Pattern.compile(
            "(" + IDENT + "(?:\\." + IDENT + ")*)#(" + IDENT + ")(\\(\\))?((?:\\." + IDENT + ")*)");
    private static final Pattern METHOD_REF = Pattern.compile("(" + IDENT + "(?:\\." + IDENT + ")*)#(" + IDENT + ")");
    private static final Pattern IDENTIFIER = Pattern.compile(IDENT);
    private static final Set<Tag> STANDARD_TAGS = Set.of(Tag.STR, Tag.INT, Tag.FLOAT, Tag.BOOL, Tag.NULL, Tag.MAP,
            Tag.SEQ, Tag.TIMESTAMP);
    private static final int MAX_BYTES = ConfigFile.MAX_BYTES;
    /**
     * The most nodes (scalars, lists, mappings) a file may have, an alias counting as every node
     * of what it stands for. SnakeYAML's own alias limit counts alias tokens, so twenty of them
     * nested a few levels deep over one long list ("billion laughs") would still expand to
     * billions of nodes for whoever walks the tree.
     */
    static final int MAX_NODES = 100_000;

    private final String source;
    private final EnvExpander env;
    private final Resolver resolver = new Resolver();
    private final List<ConfigException.Problem> problems = new ArrayList<>();
    /** Nodes composed so far, then nodes counted with aliases expanded; see {@link #MAX_NODES}. */
    private long nodes;
    private final Map<Node, Long> sizes = new IdentityHashMap<>();

    private ConfigParser(String source, Function<String, String> env) {
        this.source = source;
        this.env = new EnvExpander(env);
    }

    public static Config parse(String text, String source) throws ConfigException {
        return parse(text, source, System::getenv);
    }

    public static Config parse(String text, String source, Function<String, String> env) throws ConfigException {
        return new ConfigParser(source, env).run(text);
    }

    private Config run(String text) throws ConfigException {
        if (text.length() > MAX_BYTES) {
            problem(null, "", "the file is larger than 4 MiB; is it really pancake.yml?");
            throw new ConfigException(problems);
        }
        Node root;
        ParserImpl parser = null;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setMaxAliasesForCollections(20);
            options.setAllowRecursiveKeys(false);
            options.setNestingDepthLimit(20);
            options.setCodePointLimit(MAX_BYTES);
            // Composer + ParserImpl directly, not the Yaml facade: SafeConstructor holds a
            // java.util.logging Logger, and initialising JUL during premain breaks servers that
            // install their own LogManager later (WildFly). Composing never constructs objects.
            parser = new ParserImpl(new StreamReader(new StringReader(text)), options);
            root = new BoundedComposer(parser, resolver, options).getSingleNode();
        } catch (TooManyNodes e) {
            problems.add(new ConfigException.Problem(source, e.at.getLine() + 1, e.at.getColumn() + 1, "",
                    tooManyNodes()));
            throw new ConfigException(problems);
        } catch (YAMLException | IllegalArgumentException e) {
            problems.add(YamlErrors.problem(e, text, source, parser));
            throw new ConfigException(problems);
        }
        if (root == null) {
            return Config.empty(source);
        }
        nodes = 0;
        if (!countExpanded(root, root)) {
            throw new ConfigException(problems);
        }
        checkTags(root);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        MappingNode top = mapping(root, "");
        if (top == null) {
            throw new ConfigException(problems);
        }
        String namespace = Config.DEFAULT_NAMESPACE;
        RedisSettings redis = null;
        List<GroupDef> groups = List.of();
        Map<String, FlagDef> flags = Map.of();
        AdminSettings admin = null;
        MappingNode flagsNode = null;
        for (NodeTuple t : entries(top, "", Set.of("namespace", "redis", "groups", "flags", "admin"))) {
            String key = keyText(t);
            Node value = t.getValueNode();
            switch (key) {
                case "namespace":
                    String ns = string(value, "namespace");
                    if (ns != null) {
                        if (!NAME.matcher(ns).matches()) {
                            problem(value, "namespace", "expected letters, digits, '_', '-' or '.', got " + quote(ns));
                        } else {
                            namespace = ns;
                        }
                    }
                    break;
                case "redis":
                    redis = isNull(value) ? null : redis(value);
                    break;
                case "groups":
                    groups = isNull(value) ? List.of() : groups(value);
                    break;
                case "flags":
                    flagsNode = isNull(value) ? null : mapping(value, "flags");
                    break;
                case "admin":
                    admin = isNull(value) ? null : admin(value);
                    break;
                default:
                    break;
            }
        }
        if (flagsNode != null) {
            flags = flags(flagsNode, groups);
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new Config(source, namespace, redis, groups, flags, admin);
    }

    // ---- sections

    private RedisSettings redis(Node node) {
        MappingNode map = mapping(node, "redis");
        if (map == null) {
            return null;
        }
        String url = null;
        RedisSettings.Sentinel sentinel = null;
        List<String> cluster = null;
        int timeout = RedisSettings.DEFAULT_TIMEOUT_MS;
        String user = null;
        String password = null;
        boolean tls = false;
        String caCert = null;
        Node caCertNode = null;
        boolean emptyUrl = false;
        for (NodeTuple t : entries(map, "redis",
                Set.of("url", "timeout-ms", "sentinel", "cluster", "user", "password", "tls", "ca-cert"))) {
            Node v = t.getValueNode();
            switch (keyText(t)) {
                case "url":
                    url = secret(v, "redis.url");
                    if (url != null && url.isBlank()) {
                        emptyUrl = true; // url: ${REDIS_URL:-} with the variable unset: no Redis
                        url = null;
                    } else if (url != null && !(url.startsWith("redis://") || url.startsWith("rediss://"))) {
                        problem(v, "redis.url", "expected a redis:// or rediss:// URL, got "
                                + quote(Secrets.describeUrl(url)));
                        url = null;
                    }
                    break;
                case "timeout-ms":
                    Long ms = integer(v, "redis.timeout-ms", 1, 60_000);
                    if (ms != null) {
                        timeout = ms.intValue();
                    }
                    break;
                case "sentinel":
                    sentinel = sentinel(v);
                    break;
                case "cluster":
                    cluster = hostPorts(v, "redis.cluster");
                    break;
                case "user":
                    user = string(v, "redis.user");
                    break;
                case "password":
                    password = secret(v, "redis.password");
                    break;
                case "tls":
                    Boolean b = bool(v, "redis.tls");
                    tls = b != null && b;
                    break;
                case "ca-cert":
                    caCert = string(v, "redis.ca-cert");
                    caCertNode = v;
                    break;
                default:
                    break;
            }
        }
        int kinds = (url != null ? 1 : 0) + (sentinel != null ? 1 : 0) + (cluster != null ? 1 : 0);
        if (kinds == 0 && emptyUrl) {
            return null;
        }
        if (kinds != 1 && problemsAt(map) == 0) {
            problem(map, "redis", kinds == 0 ? "expected one of url, sentinel or cluster"
                    : "expected only one of url, sentinel or cluster");
            return null;
        }
        RedisSettings settings = new RedisSettings(url, sentinel, cluster, timeout, user, password, tls, caCert);
        if (caCert != null && !settings.usesTls()) {
            problem(caCertNode, "redis.ca-cert", "a CA certificate is only used with TLS: write rediss:// in redis.url"
                    + " (or tls: true for sentinel or cluster)");
            return null;
        }
        return settings;
    }

    private RedisSettings.Sentinel sentinel(Node node) {
        MappingNode map = mapping(node, "redis.sentinel");
        if (map == null) {
            return null;
        }
        String master = null;
        List<String> nodes = null;
        String user = null;
        String password = null;
        for (NodeTuple t : entries(map, "redis.sentinel", Set.of("master", "nodes", "user", "password"))) {
            Node v = t.getValueNode();
            switch (keyText(t)) {
                case "master": master = string(v, "redis.sentinel.master"); break;
                case "nodes": nodes = hostPorts(v, "redis.sentinel.nodes"); break;
                case "user": user = string(v, "redis.sentinel.user"); break;
                case "password": password = secret(v, "redis.sentinel.password"); break;
                default: break;
            }
        }
        if (master == null || nodes == null) {
            problem(map, "redis.sentinel", "expected master: NAME and nodes: [host:port, ...]");
            return null;
        }
        return new RedisSettings.Sentinel(master, nodes, user, password);
    }

    private List<String> hostPorts(Node node, String path) {
        if (!(node instanceof SequenceNode seq) || seq.getValue().isEmpty()) {
            problem(node, path, "expected a list of host:port, such as [\"127.0.0.1:7000\"]");
            return null;
        }
        List<String> out = new ArrayList<>();
        for (Node item : seq.getValue()) {
            String hp = string(item, path);
            if (hp == null) {
                continue;
            }
            int colon = hp.lastIndexOf(':');
            if (colon <= 0 || !hp.substring(colon + 1).matches("\\d{1,5}")
                    || Integer.parseInt(hp.substring(colon + 1)) > 65535) {
                problem(item, path, "expected host:port, got " + quote(hp));
            } else {
                out.add(hp);
            }
        }
        return out.isEmpty() ? null : List.copyOf(out);
    }

    private List<GroupDef> groups(Node node) {
        MappingNode map = mapping(node, "groups");
        if (map == null) {
            return List.of();
        }
        List<GroupDef> out = new ArrayList<>();
        for (NodeTuple t : entries(map, "groups", null)) {
            String name = keyText(t);
            String path = "groups." + name;
            if (!NAME.matcher(name).matches()) {
                problem(t.getKeyNode(), path, "a group name must be letters, digits, '_', '-' or '.'");
                continue;
            }
            String text = string(t.getValueNode(), path);
            if (text == null) {
                continue;
            }
            AccessorSpec accessor = accessor(text);
            if (accessor == null) {
                problem(t.getValueNode(), path, "expected com.example.Class#FIELD or com.example.Class#method()"
                        + " (a static no-arg method) followed by optional .property parts, got " + quote(text));
                continue;
            }
            String refusal = accessor.refusal();
            if (refusal != null) {
                problem(t.getValueNode(), path, refusal + ", got " + quote(text));
                continue;
            }
            Mark mark = t.getValueNode().getStartMark();
            out.add(new GroupDef(name, accessor, source + (mark == null ? "" : ":" + (mark.getLine() + 1))));
        }
        return List.copyOf(out);
    }

    /** Parses accessor syntax; null when it is not valid. */
    public static AccessorSpec accessor(String text) {
        Matcher m = ACCESSOR.matcher(text.trim());
        if (!m.matches()) {
            return null;
        }
        List<String> props = new ArrayList<>();
        String chain = m.group(4);
        if (!chain.isEmpty()) {
            Collections.addAll(props, chain.substring(1).split("\\."));
        }
        return new AccessorSpec(text.trim(), m.group(1), m.group(2), m.group(3) != null, List.copyOf(props));
    }

    private AdminSettings admin(Node node) {
        MappingNode map = mapping(node, "admin");
        if (map == null) {
            return null;
        }
        Long port = null;
        String bind = AdminSettings.DEFAULT_BIND;
        String token = null;
        List<String> hosts = List.of();
        for (NodeTuple t : entries(map, "admin", Set.of("port", "bind", "token", "hosts"))) {
            Node v = t.getValueNode();
            switch (keyText(t)) {
                case "port": port = integer(v, "admin.port", 0, 65535); break;
                case "bind":
                    String b = string(v, "admin.bind");
                    if (b != null) {
                        bind = b;
                    }
                    break;
                case "token":
                    token = secret(v, "admin.token");
                    if (token != null && !token.isEmpty() && token.isBlank()) {
                        problem(v, "admin.token", "expected a token, got only spaces");
                        token = null;
                    } else if (token != null && token.length() < 8) {
                        problem(v, "admin.token", "expected at least 8 characters");
                        token = null;
                    }
                    break;
                case "hosts": hosts = hostNames(v); break;
                default: break;
            }
        }
        if (port == null) {
            if (problemsAt(map) == 0) {
                problem(map, "admin", "expected port: N (the admin page is off without an admin: section)");
            }
            return null;
        }
        return new AdminSettings(port.intValue(), bind, token, hosts);
    }

    /** {@code admin.hosts}: names such as {@code pancake.internal} or {@code 10.0.0.5}. */
    private List<String> hostNames(Node node) {
        if (!(node instanceof SequenceNode seq)) {
            problem(node, "admin.hosts", "expected a list of host names, such as [pancake.internal]");
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (Node item : seq.getValue()) {
            String name = string(item, "admin.hosts");
            if (name != null && !HOST_NAME.matcher(name).matches()) {
                problem(item, "admin.hosts", "expected a host name or address, such as pancake.internal, got " + quote(name));
            } else if (name != null) {
                out.add(name);
            }
        }
        return out;
    }

    private Map<String, FlagDef> flags(MappingNode map, List<GroupDef> groups) {
        Set<String> groupNames = new HashSet<>();
        groups.forEach(g -> groupNames.add(g.name()));
        Map<String, FlagDef> out = new LinkedHashMap<>();
        for (NodeTuple t : entries(map, "flags", null)) {
            String raw = keyText(t);
            String path = "flags." + raw;
            if (!NAME.matcher(raw).matches()) {
                problem(t.getKeyNode(), path, "a flag name must be letters, digits, '_', '-' or '.' (at most 200)");
                continue;
            }
            String name = raw.toUpperCase(Locale.ROOT);
            if (out.containsKey(name)) {
                problem(t.getKeyNode(), path, "flag " + name + " is declared twice (names are case-insensitive)");
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
        if (isNull(node)) {
            return new FlagDef(name, FlagType.SWITCH, false, false, 0, FallbackSpec.SKIP, null, Map.of(), line);
        }
        MappingNode map = mapping(node, path);
        if (map == null) {
            return null;
        }
        FlagType type = null;
        Node defaultNode = null;
        FallbackSpec fallback = FallbackSpec.SKIP;
        String sticky = null;
        Node stickyNode = null;
        Map<String, FallbackSpec> methods = Map.of();
        int before = problems.size();
        for (NodeTuple t : entries(map, path, Set.of("type", "default", "fallback", "sticky", "methods"))) {
            Node v = t.getValueNode();
            switch (keyText(t)) {
                case "type":
                    String ty = string(v, path + ".type");
                    if (ty != null) {
                        type = FlagType.parse(ty);
                        if (type == null || ty.endsWith("s")) {
                            problem(v, path + ".type", "expected switch, flag or sample, got " + quote(ty));
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
                    sticky = string(v, path + ".sticky");
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
            Tag tag = defaultNode == null ? null : scalarTag(defaultNode);
            type = (Tag.INT.equals(tag) || Tag.FLOAT.equals(tag) || sticky != null) ? FlagType.SAMPLE : FlagType.SWITCH;
        }
        boolean active = false;
        double percent = 0;
        if (defaultNode != null && !isNull(defaultNode)) {
            if (type == FlagType.SAMPLE) {
                Double p = number(defaultNode, path + ".default");
                if (p != null) {
                    if (p < 0 || p > 100) {
                        problem(defaultNode, path + ".default", "a sample's default is a percentage in 0..100, got "
                                + quote(scalarText(defaultNode)));
                    } else {
                        percent = p;
                    }
                }
            } else {
                Boolean b = bool(defaultNode, path + ".default");
                if (b != null) {
                    active = b;
                }
            }
        }
        if (sticky != null) {
            if (type != FlagType.SAMPLE) {
                problem(stickyNode, path + ".sticky", "only a sample can be sticky; this is a " + type.lower());
            } else if (!groupNames.contains(sticky)) {
                problem(stickyNode, path + ".sticky", "expected a group declared under groups:"
                        + (groupNames.isEmpty() ? " (there are none)" : " " + new java.util.TreeSet<>(groupNames))
                        + ", got " + quote(sticky));
            }
        }
        if (problems.size() > before) {
            return null;
        }
        return new FlagDef(name, type, declared, active, percent, fallback, sticky, methods, line);
    }

    private Map<String, FallbackSpec> methods(Node node, String path) {
        MappingNode map = mapping(node, path);
        if (map == null) {
            return Map.of();
        }
        Map<String, FallbackSpec> out = new LinkedHashMap<>();
        for (NodeTuple t : entries(map, path, null)) {
            String ref = keyText(t).trim();
            String p = path + "." + ref;
            if (!METHOD_REF.matcher(ref).matches()) {
                problem(t.getKeyNode(), p, "expected com.example.Class#method, got " + quote(ref));
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
            String text = string(node, path);
            if ("skip".equals(text)) {
                return FallbackSpec.SKIP;
            }
            if ("throw".equals(text)) {
                return FallbackSpec.THROW;
            }
            problem(node, path, expected + ", got " + quote(text));
            return null;
        }
        if (!(node instanceof MappingNode map) || map.getValue().size() != 1) {
            problem(node, path, expected);
            return null;
        }
        NodeTuple t = map.getValue().get(0);
        String key = keyText(t);
        Node v = t.getValueNode();
        if ("return".equals(key)) {
            if (!(v instanceof ScalarNode)) {
                problem(v, path + ".return", "expected a single value (text, number, true/false, an enum constant or null)");
                return null;
            }
            return new FallbackSpec.Return(scalarValue(v, path + ".return"));
        }
        if ("call".equals(key)) {
            String method = string(v, path + ".call");
            if (method == null) {
                return null;
            }
            if (!IDENTIFIER.matcher(method).matches()) {
                problem(v, path + ".call", "expected the name of a method of the same class, got " + quote(method));
                return null;
            }
            return new FallbackSpec.Call(method);
        }
        problem(t.getKeyNode(), path, expected + ", got {" + key + ": ...}");
        return null;
    }

    // ---- node helpers

    /** Composes at most {@link #MAX_NODES} nodes, so that a long file cannot fill the heap with them. */
    private final class BoundedComposer extends Composer {
        BoundedComposer(ParserImpl parser, Resolver resolver, LoaderOptions options) {
            super(parser, resolver, options);
        }

        private void count() {
            if (++nodes > MAX_NODES) {
                throw new TooManyNodes(parser.peekEvent().getStartMark());
            }
        }

        @Override
        protected Node composeScalarNode(String anchor, List<CommentLine> blockComments) {
            count();
            return super.composeScalarNode(anchor, blockComments);
        }

        @Override
        protected Node composeSequenceNode(String anchor) {
            count();
            return super.composeSequenceNode(anchor);
        }

        @Override
        protected Node composeMappingNode(String anchor) {
            count();
            return super.composeMappingNode(anchor);
        }
    }

    private static final class TooManyNodes extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient Mark at;

        TooManyNodes(Mark at) {
            super(null, null, false, false);
            this.at = at;
        }
    }

    private static String tooManyNodes() {
        return "more than " + String.format(Locale.ROOT, "%,d", MAX_NODES) + " YAML nodes, counting each alias as"
                + " the nodes it stands for; is it really pancake.yml?";
    }

    /**
     * Counts the tree's nodes with every alias expanded, each distinct node walked once (the size
     * of what an alias stands for is remembered), and reports it when the count passes
     * {@link #MAX_NODES} or an alias stands for a collection that contains it.
     *
     * @param parent the collection that holds {@code node}, where a problem is reported
     * @return false when there was a problem
     */
    private boolean countExpanded(Node node, Node parent) {
        Long known = sizes.get(node);
        if (known != null) {
            if (known < 0) {
                problem(parent, "", "an alias stands for a collection that contains it");
                return false;
            }
            nodes += known;
            if (nodes > MAX_NODES) {
                problem(parent, "", tooManyNodes());
                return false;
            }
            return true;
        }
        if (++nodes > MAX_NODES) {
            problem(node, "", tooManyNodes());
            return false;
        }
        long before = nodes;
        sizes.put(node, -1L); // being counted
        if (node instanceof MappingNode map) {
            for (NodeTuple t : map.getValue()) {
                if (!countExpanded(t.getKeyNode(), node) || !countExpanded(t.getValueNode(), node)) {
                    return false;
                }
            }
        } else if (node instanceof SequenceNode seq) {
            for (Node item : seq.getValue()) {
                if (!countExpanded(item, node)) {
                    return false;
                }
            }
        }
        sizes.put(node, nodes - before + 1);
        return true;
    }

    private void checkTags(Node node) {
        Tag tag = node.getTag();
        if (tag != null && !STANDARD_TAGS.contains(tag)) {
            problem(node, "", "YAML tag " + tag.getValue() + " is not allowed: pancake.yml holds plain values only");
            return;
        }
        if (node instanceof MappingNode map) {
            for (NodeTuple t : map.getValue()) {
                checkTags(t.getKeyNode());
                checkTags(t.getValueNode());
            }
        } else if (node instanceof SequenceNode seq) {
            seq.getValue().forEach(this::checkTags);
        }
    }

    private MappingNode mapping(Node node, String path) {
        if (node instanceof MappingNode map) {
            return map;
        }
        problem(node, path, "expected a mapping of key: value" + (node instanceof ScalarNode s
                ? ", got " + quote(s.getValue()) : ""));
        return null;
    }

    /** The entries of a mapping, reporting unknown keys (when {@code allowed} is given) and duplicates. */
    private List<NodeTuple> entries(MappingNode map, String path, Set<String> allowed) {
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
    private String keyText(NodeTuple t) {
        String raw = ((ScalarNode) t.getKeyNode()).getValue();
        try {
            return env.expand(raw);
        } catch (IllegalArgumentException e) {
            return raw;
        }
    }

    private boolean isNull(Node node) {
        return node instanceof ScalarNode && Tag.NULL.equals(scalarTag(node));
    }

    private String scalarText(Node node) {
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
    private Tag scalarTag(Node node) {
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
    private String string(Node node, String path) {
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
    private String secret(Node node, String path) {
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

    private Boolean bool(Node node, String path) {
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

    private Long integer(Node node, String path, long min, long max) {
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

    private Double number(Node node, String path) {
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
    private Object scalarValue(Node node, String path) {
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

    private int problemsAt(Node node) {
        int line = node.getStartMark().getLine() + 1;
        int n = 0;
        for (ConfigException.Problem p : problems) {
            if (p.line() >= line) {
                n++;
            }
        }
        return n;
    }

    private void problem(Node node, String path, String message) {
        Mark m = node == null ? null : node.getStartMark();
        problems.add(new ConfigException.Problem(source, m == null ? 0 : m.getLine() + 1, m == null ? 0 : m.getColumn() + 1,
                path, message));
    }

    private static String quote(String text) {
        if (text == null) {
            return "nothing";
        }
        String t = text.length() > 80 ? text.substring(0, 77) + "..." : text;
        return "\"" + t.replace("\n", "\\n") + "\"";
    }
}
