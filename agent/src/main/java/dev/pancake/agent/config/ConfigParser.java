package dev.pancake.agent.config;

import static dev.pancake.agent.config.NodeReader.quote;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.SequenceNode;

import dev.pancake.agent.log.Secrets;

/**
 * Reads and checks pancake.yml: the entry point, and the file's schema, which keys exist at the
 * top and under {@code redis:}, {@code groups:} and {@code admin:} and what each means (the
 * {@code flags:} section is {@link FlagSchema}'s). The text is composed by {@link BoundedYaml}
 * and its values read by {@link NodeReader}; every problem is collected with its line and
 * column, and the file is accepted only when there are none.
 */
public final class ConfigParser {

    static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.\\-]{0,199}");
    static final String IDENT = "[A-Za-z_$][A-Za-z0-9_$]*";
    private static final Pattern HOST_NAME = Pattern.compile("\\[?[A-Za-z0-9_.:-]{1,253}\\]?");
    private static final Pattern ACCESSOR = Pattern.compile(
            "(" + IDENT + "(?:\\." + IDENT + ")*)#(" + IDENT + ")(\\(\\))?((?:\\." + IDENT + ")*)");

    private final String source;
    private final NodeReader yaml;

    private ConfigParser(String source, Function<String, String> env) {
        this.source = source;
        this.yaml = new NodeReader(source, new EnvExpander(env));
    }

    /** The process's environment, for {@code ${VAR}} (a class, not a method reference: see StoreSync's tasks). */
    private static final Function<String, String> ENVIRONMENT = new Function<>() {
        @Override
        public String apply(String name) {
            return System.getenv(name);
        }
    };

    public static Config parse(String text, String source) throws ConfigException {
        return parse(text, source, ENVIRONMENT);
    }

    public static Config parse(String text, String source, Function<String, String> env) throws ConfigException {
        return new ConfigParser(source, env).run(text);
    }

    private Config run(String text) throws ConfigException {
        Node root = new BoundedYaml(yaml).compose(text);
        if (root == null) {
            return Config.empty(source);
        }
        MappingNode top = yaml.mapping(root, "");
        if (top == null) {
            throw new ConfigException(yaml.problems());
        }
        String namespace = Config.DEFAULT_NAMESPACE;
        RedisSettings redis = null;
        List<GroupDef> groups = List.of();
        Map<String, FlagDef> flags = Map.of();
        AdminSettings admin = null;
        String app = null;
        MappingNode flagsNode = null;
        for (NodeTuple t : yaml.entries(top, "", Set.of("namespace", "redis", "groups", "flags", "admin", "app"))) {
            String key = yaml.keyText(t);
            Node value = t.getValueNode();
            switch (key) {
                case "namespace":
                    String ns = yaml.string(value, "namespace");
                    if (ns != null) {
                        if (!NAME.matcher(ns).matches()) {
                            yaml.problem(value, "namespace", "expected letters, digits, '_', '-' or '.', got " + quote(ns));
                        } else {
                            namespace = ns;
                        }
                    }
                    break;
                case "redis":
                    redis = yaml.isNull(value) ? null : redis(value);
                    break;
                case "groups":
                    groups = yaml.isNull(value) ? List.of() : groups(value);
                    break;
                case "flags":
                    flagsNode = yaml.isNull(value) ? null : yaml.mapping(value, "flags");
                    break;
                case "admin":
                    admin = yaml.isNull(value) ? null : admin(value);
                    break;
                case "app":
                    String a = yaml.string(value, "app");
                    if (a != null && !NAME.matcher(a).matches()) {
                        yaml.problem(value, "app", "expected an application name of letters, digits, '_', '-' or '.', got "
                                + quote(a));
                    } else {
                        app = a;
                    }
                    break;
                default:
                    break;
            }
        }
        if (flagsNode != null) {
            flags = new FlagSchema(yaml).flags(flagsNode, groups);
        }
        if (!yaml.problems().isEmpty()) {
            throw new ConfigException(yaml.problems());
        }
        return new Config(source, namespace, redis, groups, flags, admin, app);
    }

    // ---- sections

    private RedisSettings redis(Node node) {
        MappingNode map = yaml.mapping(node, "redis");
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
        for (NodeTuple t : yaml.entries(map, "redis",
                Set.of("url", "timeout-ms", "sentinel", "cluster", "user", "password", "tls", "ca-cert"))) {
            Node v = t.getValueNode();
            switch (yaml.keyText(t)) {
                case "url":
                    url = yaml.secret(v, "redis.url");
                    if (url != null && url.isBlank()) {
                        emptyUrl = true; // url: ${REDIS_URL:-} with the variable unset: no Redis
                        url = null;
                    } else if (url != null && !(url.startsWith("redis://") || url.startsWith("rediss://"))) {
                        yaml.problem(v, "redis.url", "expected a redis:// or rediss:// URL, got "
                                + quote(Secrets.describeUrl(url)));
                        url = null;
                    }
                    break;
                case "timeout-ms":
                    Long ms = yaml.integer(v, "redis.timeout-ms", 1, 60_000);
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
                    user = yaml.string(v, "redis.user");
                    break;
                case "password":
                    password = yaml.secret(v, "redis.password");
                    break;
                case "tls":
                    Boolean b = yaml.bool(v, "redis.tls");
                    tls = b != null && b;
                    break;
                case "ca-cert":
                    caCert = yaml.string(v, "redis.ca-cert");
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
        if (kinds != 1 && yaml.problemsAt(map) == 0) {
            yaml.problem(map, "redis", kinds == 0 ? "expected one of url, sentinel or cluster"
                    : "expected only one of url, sentinel or cluster");
            return null;
        }
        RedisSettings settings = new RedisSettings(url, sentinel, cluster, timeout, user, password, tls, caCert);
        if (caCert != null && !settings.usesTls()) {
            yaml.problem(caCertNode, "redis.ca-cert", "a CA certificate is only used with TLS: write rediss:// in redis.url"
                    + " (or tls: true for sentinel or cluster)");
            return null;
        }
        return settings;
    }

    private RedisSettings.Sentinel sentinel(Node node) {
        MappingNode map = yaml.mapping(node, "redis.sentinel");
        if (map == null) {
            return null;
        }
        String master = null;
        List<String> nodes = null;
        String user = null;
        String password = null;
        for (NodeTuple t : yaml.entries(map, "redis.sentinel", Set.of("master", "nodes", "user", "password"))) {
            Node v = t.getValueNode();
            switch (yaml.keyText(t)) {
                case "master": master = yaml.string(v, "redis.sentinel.master"); break;
                case "nodes": nodes = hostPorts(v, "redis.sentinel.nodes"); break;
                case "user": user = yaml.string(v, "redis.sentinel.user"); break;
                case "password": password = yaml.secret(v, "redis.sentinel.password"); break;
                default: break;
            }
        }
        if (master == null || nodes == null) {
            yaml.problem(map, "redis.sentinel", "expected master: NAME and nodes: [host:port, ...]");
            return null;
        }
        return new RedisSettings.Sentinel(master, nodes, user, password);
    }

    private List<String> hostPorts(Node node, String path) {
        if (!(node instanceof SequenceNode seq) || seq.getValue().isEmpty()) {
            yaml.problem(node, path, "expected a list of host:port, such as [\"127.0.0.1:7000\"]");
            return null;
        }
        List<String> out = new ArrayList<>();
        for (Node item : seq.getValue()) {
            String hp = yaml.string(item, path);
            if (hp == null) {
                continue;
            }
            int colon = hp.lastIndexOf(':');
            if (colon <= 0 || !hp.substring(colon + 1).matches("\\d{1,5}")
                    || Integer.parseInt(hp.substring(colon + 1)) > 65535) {
                yaml.problem(item, path, "expected host:port, got " + quote(hp));
            } else {
                out.add(hp);
            }
        }
        return out.isEmpty() ? null : List.copyOf(out);
    }

    private List<GroupDef> groups(Node node) {
        MappingNode map = yaml.mapping(node, "groups");
        if (map == null) {
            return List.of();
        }
        List<GroupDef> out = new ArrayList<>();
        for (NodeTuple t : yaml.entries(map, "groups", null)) {
            String name = yaml.keyText(t);
            String path = "groups." + name;
            if (!NAME.matcher(name).matches()) {
                yaml.problem(t.getKeyNode(), path, "a group name must be letters, digits, '_', '-' or '.'");
                continue;
            }
            String text = yaml.string(t.getValueNode(), path);
            if (text == null) {
                continue;
            }
            AccessorSpec accessor = accessor(text);
            if (accessor == null) {
                yaml.problem(t.getValueNode(), path, "expected com.example.Class#FIELD or com.example.Class#method()"
                        + " (a static no-arg method) followed by optional .property parts, got " + quote(text));
                continue;
            }
            String refusal = accessor.refusal();
            if (refusal != null) {
                yaml.problem(t.getValueNode(), path, refusal + ", got " + quote(text));
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
        MappingNode map = yaml.mapping(node, "admin");
        if (map == null) {
            return null;
        }
        Long port = null;
        String bind = AdminSettings.DEFAULT_BIND;
        String token = null;
        List<String> hosts = List.of();
        Map<String, String> tokens = Map.of();
        for (NodeTuple t : yaml.entries(map, "admin", Set.of("port", "bind", "token", "hosts", "tokens"))) {
            Node v = t.getValueNode();
            switch (yaml.keyText(t)) {
                case "port": port = yaml.integer(v, "admin.port", 0, 65535); break;
                case "bind":
                    String b = yaml.string(v, "admin.bind");
                    if (b != null) {
                        bind = b;
                    }
                    break;
                case "token":
                    token = token(v, "admin.token");
                    break;
                case "tokens": tokens = tokens(v); break;
                case "hosts": hosts = hostNames(v); break;
                default: break;
            }
        }
        if (port == null) {
            if (yaml.problemsAt(map) == 0) {
                yaml.problem(map, "admin", "expected port: N (the admin page is off without an admin: section)");
            }
            return null;
        }
        return new AdminSettings(port.intValue(), bind, token, hosts, tokens);
    }

    private String token(Node v, String path) {
        String token = yaml.secret(v, path);
        if (token != null && !token.isEmpty() && token.isBlank()) {
            yaml.problem(v, path, "expected a token, got only spaces");
            return null;
        } else if (token != null && token.length() < 8) {
            yaml.problem(v, path, "expected at least 8 characters");
            return null;
        }
        return token;
    }

    /** {@code admin.tokens}: {@code {alice: ..., deploy-bot: ...}}, each name the actor of its changes. */
    private Map<String, String> tokens(Node node) {
        MappingNode map = yaml.mapping(node, "admin.tokens");
        if (map == null) {
            return Map.of();
        }
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (NodeTuple t : yaml.entries(map, "admin.tokens", null)) {
            String name = yaml.keyText(t);
            String path = "admin.tokens." + name;
            if (!NAME.matcher(name).matches()) {
                yaml.problem(t.getKeyNode(), path, "a token's name must be letters, digits, '_', '-' or '.'");
                continue;
            }
            String token = token(t.getValueNode(), path);
            if (token != null && out.containsValue(token)) {
                yaml.problem(t.getValueNode(), path, "the same token as another name: each name needs its own token");
            } else if (token != null) {
                out.put(name, token);
            }
        }
        return out;
    }

    /** {@code admin.hosts}: names such as {@code pancake.internal} or {@code 10.0.0.5}. */
    private List<String> hostNames(Node node) {
        if (!(node instanceof SequenceNode seq)) {
            yaml.problem(node, "admin.hosts", "expected a list of host names, such as [pancake.internal]");
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (Node item : seq.getValue()) {
            String name = yaml.string(item, "admin.hosts");
            if (name != null && !HOST_NAME.matcher(name).matches()) {
                yaml.problem(item, "admin.hosts", "expected a host name or address, such as pancake.internal, got " + quote(name));
            } else if (name != null) {
                out.add(name);
            }
        }
        return out;
    }
}
