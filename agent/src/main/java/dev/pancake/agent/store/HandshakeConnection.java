package dev.pancake.agent.store;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import redis.clients.jedis.Connection;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.util.KeyValue;

/**
 * A Jedis connection that decodes the reply to {@code HELLO} itself. Jedis decodes it with its
 * {@code BuilderFactory}, whose initialisation loads about a hundred classes (a third of every
 * Jedis class the agent needs) into an application that may never use another of them. The
 * reply is decoded the way Jedis's own decoder does it: keys and bulk strings as UTF-8 text,
 * integers as {@code Long}, arrays as lists, a RESP3 map or a RESP2 list of pairs as a map.
 */
class HandshakeConnection extends Connection {

    HandshakeConnection(HostAndPort node, JedisClientConfig config) {
        super(node, config);
    }

    @Override
    protected Map<String, Object> hello(byte[]... args) {
        sendCommand(Protocol.Command.HELLO, args);
        return map(getOne());
    }

    /** A RESP3 map (a list of key-value pairs) or a RESP2 flat list of keys and values, as a map. */
    static Map<String, Object> map(Object reply) {
        Map<String, Object> out = new HashMap<>();
        if (reply instanceof List<?> list) {
            if (!list.isEmpty() && list.get(0) instanceof KeyValue) {
                for (Object o : list) {
                    KeyValue<?, ?> kv = (KeyValue<?, ?>) o;
                    out.put(String.valueOf(decoded(kv.getKey())), decoded(kv.getValue()));
                }
            } else {
                for (int i = 0; i + 1 < list.size(); i += 2) {
                    out.put(String.valueOf(decoded(list.get(i))), decoded(list.get(i + 1)));
                }
            }
        }
        return out;
    }

    private static Object decoded(Object o) {
        if (o instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        if (o instanceof List<?> list) {
            if (!list.isEmpty() && list.get(0) instanceof KeyValue) {
                return map(list);
            }
            List<Object> out = new ArrayList<>(list.size());
            for (Object x : list) {
                out.add(decoded(x));
            }
            return out;
        }
        return o;
    }
}
