package dev.pancake.agent.store;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;

import dev.pancake.agent.background.Background;
import dev.pancake.agent.config.RedisSettings;
import dev.pancake.agent.log.Secrets;
import dev.pancake.agent.log.Log;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.AbstractTransaction;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * flask-pancake's keys in Redis, through Jedis: one server, a Sentinel-monitored master, or a
 * Cluster ({@link Topology}). Every command is bounded by {@code timeout-ms}. Opening the store
 * does not connect: start-up never waits for Redis.
 *
 * <p>Changes come from Redis itself ({@link ChangeFeed}: server-assisted invalidation in broadcast
 * mode on the namespace's key prefixes, one feed per master node), so a change made by any client
 * is seen without polling. The feeds follow the topology: a Sentinel failover moves the feed to
 * the new master, a Cluster gets a feed on every master node.
 *
 * <p>Reads of a single server ({@code redis.url}) go over one plain connection
 * ({@link NodeConnection}), so that the first read at start-up does not wait for Jedis's pooled
 * client to be built; writes, and everything on Sentinel and Cluster, use that client.
 */
public final class RedisStore implements Store {

    private static final long FOLLOW_EVERY_MS = 1_000;
    private static final int REFRESH_TOPOLOGY_EVERY = 5;

    private final RedisSettings settings;
    private final Topology topology;
    private final Map<HostAndPort, ChangeFeed> feeds = new HashMap<>();
    /** The reads' own connection when the topology is one server, else null. */
    private final NodeConnection reads;
    private volatile UnifiedJedis client;
    private volatile boolean closed;
    private Future<?> follower;
    private int followTicks; // timer thread only
    private List<String> prefixes;
    private ChangeListener listener;

    private RedisStore(RedisSettings settings, Topology topology) {
        this.settings = settings;
        this.topology = topology;
        this.reads = topology.fixed() ? new NodeConnection(topology.primaries(null).get(0), topology.nodeConfig) : null;
    }

    /** Builds the client without connecting. Throws IllegalArgumentException for settings it cannot use. */
    public static RedisStore open(RedisSettings settings) {
        return new RedisStore(settings, Topology.of(settings));
    }

    /**
     * The client, built on first use (building a Sentinel or Cluster client asks Redis for the
     * topology). A lost connection discards it: the next call builds a new one, with no stale
     * pooled connections from before an outage and the topology as it is now.
     */
    private UnifiedJedis client() throws StoreException {
        UnifiedJedis c = client;
        if (c != null) {
            return c;
        }
        synchronized (this) {
            if (closed) {
                throw new StoreException(describe() + " is closed");
            }
            if (client == null) {
                try {
                    client = topology.connect();
                } catch (JedisException e) {
                    throw failure("the topology", e);
                } catch (RuntimeException e) { // a setting Jedis refuses: as good as unreachable, and said so
                    throw new StoreException(Secrets.redactUrl("cannot connect to " + describe() + ": " + e.getMessage()), e);
                }
            }
            return client;
        }
    }

    @Override
    public Values read(Collection<String> keys) throws StoreException {
        Map<String, String> strings = new HashMap<>();
        Map<String, String> unusable = new HashMap<>();
        if (keys.isEmpty()) {
            return new Values(strings, unusable);
        }
        List<String> list = new ArrayList<>(keys);
        // TYPE and a bounded GETRANGE per key, in one pipeline (one round trip per node): unlike
        // MGET, it tells an absent key from a hash, and never transfers an enormous value.
        try {
            List<Object> replies = reads != null ? onReads(typesAndHeads(list)) : typesAndHeadsOnClient(list);
            for (int i = 0; i < list.size(); i++) {
                String key = list.get(i);
                String type = text(reply(replies.get(2 * i)));
                strings.put(key, null);
                if ("string".equals(type)) {
                    byte[] head = (byte[]) reply(replies.get(2 * i + 1));
                    if (head.length > MAX_VALUE_BYTES) {
                        unusable.put(key, "a string of more than " + MAX_VALUE_BYTES + " bytes");
                    } else {
                        strings.put(key, new String(head, StandardCharsets.UTF_8));
                    }
                } else if (!"none".equals(type)) {
                    unusable.put(key, "a " + type);
                }
            }
            return new Values(strings, unusable);
        } catch (JedisException e) {
            throw failure("TYPE/GETRANGE", e);
        }
    }

    private static List<CommandArguments> typesAndHeads(List<String> keys) {
        List<CommandArguments> commands = new ArrayList<>(keys.size() * 2);
        for (String key : keys) {
            commands.add(new CommandArguments(Protocol.Command.TYPE).key(key));
            // one byte more than allowed: too long shows
            commands.add(new CommandArguments(Protocol.Command.GETRANGE).key(key).add(0).add(MAX_VALUE_BYTES));
        }
        return commands;
    }

    private List<Object> typesAndHeadsOnClient(List<String> keys) throws StoreException {
        List<Object> replies = new ArrayList<>(keys.size() * 2);
        try (AbstractPipeline p = client().pipelined()) {
            for (String key : keys) {
                byte[] k = key.getBytes(StandardCharsets.UTF_8);
                replies.add(p.type(k));
                replies.add(p.getrange(k, 0, MAX_VALUE_BYTES));
            }
            p.sync();
        }
        return replies;
    }

    private List<Object> onReads(List<CommandArguments> commands) throws StoreException {
        if (closed) {
            throw new StoreException(describe() + " is closed");
        }
        return reads.pipeline(commands);
    }

    /** The value of a reply of either kind: a pipeline's Response, or a raw reply; an error reply is thrown. */
    private static Object reply(Object reply) {
        Object value = reply instanceof Response<?> r ? r.get() : reply;
        if (value instanceof JedisDataException e) {
            throw e;
        }
        return value;
    }

    private static String text(Object value) {
        return value instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : (String) value;
    }

    @Override
    public String scanMembers(String setKey, String cursor, Collection<String> into) throws StoreException {
        try {
            if (reads == null) {
                ScanResult<String> page = client().sscan(setKey, cursor, new ScanParams().count(MEMBERS_PAGE));
                into.addAll(page.getResult());
                return page.getCursor();
            }
            CommandArguments sscan = new CommandArguments(Protocol.Command.SSCAN).key(setKey).add(cursor)
                    .add("COUNT").add(MEMBERS_PAGE);
            List<?> reply = (List<?>) reply(onReads(List.of(sscan)).get(0)); // [cursor, [member, ...]]
            for (Object m : (List<?>) reply.get(1)) {
                into.add(text(m));
            }
            return text(reply.get(0));
        } catch (JedisException e) {
            throw failure("SSCAN " + setKey, e);
        }
    }

    @Override
    public void set(String key, String value) throws StoreException {
        try {
            client().set(key, value);
        } catch (JedisException e) {
            throw failure("SET " + key, e);
        }
    }

    @Override
    public void delete(Collection<String> keys) throws StoreException {
        if (keys.isEmpty()) {
            return;
        }
        try {
            client().del(keys.toArray(new String[0]));
        } catch (JedisException e) {
            throw failure("DEL", e);
        }
    }

    @Override
    public void addMember(String setKey, String member) throws StoreException {
        try {
            client().sadd(setKey, member);
        } catch (JedisException e) {
            throw failure("SADD " + setKey, e);
        }
    }

    @Override
    public void removeMembers(String setKey, Collection<String> members) throws StoreException {
        if (members.isEmpty()) {
            return;
        }
        try {
            client().srem(setKey, members.toArray(new String[0]));
        } catch (JedisException e) {
            throw failure("SREM " + setKey, e);
        }
    }

    @Override
    public List<Object> run(List<Command> commands, boolean atomic) throws StoreException {
        if (commands.isEmpty()) {
            return List.of();
        }
        if (topology instanceof Topology.Cluster && commands.get(0).name().equals("SCAN")) {
            // a cursor is one node's: routed by its value, the next page would go to another node
            throw new StoreException(describe() + " is a Cluster: SCAN answers for one node only", null, true);
        }
        try {
            List<Object> raw = new ArrayList<>(commands.size());
            if (atomic && !(topology instanceof Topology.Cluster)) {
                try (AbstractTransaction tx = client().multi()) {
                    for (Command c : commands) {
                        tx.sendCommand(arguments(c));
                    }
                    List<Object> replies = tx.exec();
                    if (replies == null) {
                        throw new StoreException(describe() + " discarded a transaction", null, true);
                    }
                    raw.addAll(replies);
                }
            } else if (reads != null) {
                // one server: the reads' own connection, in one round trip (no pooled client for a heartbeat)
                List<CommandArguments> args = new ArrayList<>(commands.size());
                for (Command command : commands) {
                    args.add(arguments(command));
                }
                raw.addAll(onReads(args));
            } else {
                UnifiedJedis c = client();
                for (Command command : commands) {
                    // a DEL of several keys as Jedis sends it, which a Cluster needs
                    raw.add(command.name().equals("DEL") && command.args().size() > 1
                            ? c.del(command.args().toArray(new String[0])) : c.executeCommand(arguments(command)));
                }
            }
            List<Object> out = new ArrayList<>(raw.size());
            for (int i = 0; i < raw.size(); i++) {
                Object r = raw.get(i);
                if (r instanceof JedisDataException e) {
                    throw refusal(commands.get(i).toString(), e);
                }
                out.add(plain(r));
            }
            return out;
        } catch (JedisException e) {
            throw refusal(commands.size() == 1 ? commands.get(0).toString() : (atomic ? "MULTI/EXEC with " : "")
                    + commands.get(0) + " and " + (commands.size() - 1) + " more", e);
        }
    }

    /**
     * A command that an ACL refuses (NOPERM, or a transaction aborted for it) is refused, not an
     * outage: the user may write flags and not history. Anything else as {@link #failure}.
     */
    private StoreException refusal(String what, JedisException e) {
        String m = String.valueOf(e.getMessage());
        if (m.startsWith("NOPERM") || m.startsWith("EXECABORT")) {
            return new StoreException(Secrets.redactUrl(describe() + " refused " + what + ": " + m), e, true);
        }
        return failure(what, e);
    }

    private static CommandArguments arguments(Command c) {
        CommandArguments args = new CommandArguments(Protocol.Command.valueOf(c.name())).key(c.key());
        for (String a : c.args().subList(1, c.args().size())) {
            args.add(a);
        }
        return args;
    }

    /** A raw reply as {@link Store#run} returns it. */
    private static Object plain(Object reply) {
        if (reply instanceof byte[] b) {
            return new String(b, StandardCharsets.UTF_8);
        }
        if (reply instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object o : list) {
                out.add(plain(o));
            }
            return out;
        }
        return reply;
    }

    @Override
    public synchronized void watch(List<String> watched, ChangeListener changes) {
        this.prefixes = List.copyOf(watched);
        this.listener = changes;
        if (topology.fixed()) {
            follow();
            return;
        }
        follower = Background.every(0, FOLLOW_EVERY_MS, "following the topology of " + describe(), new Runnable() {
            @Override
            public void run() {
                followTopology();
            }
        });
    }

    /** Every second, on the agent's timer thread: one change feed per node that takes writes, as the topology is now. */
    private void followTopology() {
        if (closed) {
            return;
        }
        try {
            UnifiedJedis c = client;
            if (c != null && ++followTicks % REFRESH_TOPOLOGY_EVERY == 0) {
                topology.refresh(c);
            }
            follow();
        } catch (RuntimeException e) {
            Log.debug("cannot follow the topology of " + describe() + ": " + RootCause.message(e));
        }
    }

    private synchronized void follow() {
        UnifiedJedis c = client;
        if (closed || (c == null && !topology.fixed())) {
            return; // not connected yet, or between clients: keep the feeds as they are
        }
        List<HostAndPort> wanted = topology.primaries(c);
        for (Iterator<Map.Entry<HostAndPort, ChangeFeed>> it = feeds.entrySet().iterator(); it.hasNext();) {
            Map.Entry<HostAndPort, ChangeFeed> e = it.next();
            if (!wanted.contains(e.getKey())) {
                Log.debug("change feed leaves " + e.getKey() + ", no longer a master of " + describe());
                e.getValue().close();
                it.remove();
            }
        }
        for (HostAndPort node : wanted) {
            if (!feeds.containsKey(node)) {
                ChangeFeed feed = new ChangeFeed(node, topology.feedConfig, prefixes, listener);
                feeds.put(node, feed);
                feed.start();
            }
        }
    }

    @Override
    public synchronized boolean watching() {
        if (feeds.isEmpty()) {
            return false;
        }
        for (ChangeFeed f : feeds.values()) {
            if (!f.connected()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String describe() {
        return "Redis " + settings.describe();
    }

    @Override
    public void close() {
        UnifiedJedis c;
        synchronized (this) {
            closed = true;
            for (ChangeFeed f : feeds.values()) {
                f.close();
            }
            feeds.clear();
            if (follower != null) {
                follower.cancel(false);
            }
            c = client;
        }
        if (reads != null) {
            reads.close();
        }
        if (c != null) {
            try {
                c.close();
            } catch (RuntimeException e) {
                // closing is best effort
            }
        }
    }

    private StoreException failure(String what, JedisException e) {
        boolean answered = e instanceof JedisDataException;
        // a wrong password or a missing ACL right refuses every command alike: the store is as
        // good as down (not one odd key), and a new client will log in afresh
        boolean denied = e instanceof JedisAccessControlException;
        if (!answered || denied) {
            discard();
        }
        String reason = answered ? describe() + " refused " + what + ": " + e.getMessage()
                : "cannot reach " + describe() + " (" + RootCause.message(e) + ")";
        return new StoreException(Secrets.redactUrl(reason), e, answered && !denied);
    }

    private void discard() {
        if (reads != null) {
            reads.disconnect();
        }
        UnifiedJedis c;
        synchronized (this) {
            c = client;
            client = null;
        }
        if (c != null) {
            try {
                c.close();
            } catch (RuntimeException e) {
                // it is broken already
            }
        }
    }
}
