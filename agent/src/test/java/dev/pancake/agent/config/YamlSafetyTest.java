package dev.pancake.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;


import dev.pancake.testkit.CountingListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Known SnakeYAML gadget payloads, and every other way to name a Java type in YAML, are refused
 * with one line naming the file, line and tag, and construct nothing: the URLs they carry point
 * at a socket of this test, which must never be connected to.
 */
class YamlSafetyTest {

    private CountingListener listener;

    @BeforeEach
    void listen() {
        listener = CountingListener.start();
    }

    @AfterEach
    void nothingConnected() {
        listener.close();
        assertEquals(0, listener.connections(), "a YAML payload opened a connection");
    }

    private String url() {
        return listener.url();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        // the classic ScriptEngineManager / URLClassLoader gadget (CVE-2022-1471 and friends)
        "flags:\n  A: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL [\"URL\"]]]]\n",
        "flags: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL [\"URL\"]]]]\n",
        "namespace: x\nredis: !!java.net.URL [\"URL\"]\n",
        "flags:\n  A:\n    default: !!java.net.URL [\"URL\"]\n",
        "flags:\n  A: {fallback: {return: !!java.net.URL [\"URL\"]}}\n",
        "flags:\n  ? !!java.net.URL [\"URL\"]\n  : {}\n",
        "flags:\n  A: !<tag:yaml.org,2002:java.net.URL> [\"URL\"]\n",
        "%TAG !j! tag:yaml.org,2002:java.net.\n---\nflags:\n  A: !j!URL [\"URL\"]\n",
        "flags:\n  A: !!java.lang.Object {}\n",
        "flags:\n  A: !!com.sun.rowset.JdbcRowSetImpl {dataSourceName: \"URL\", autoCommit: true}\n",
        "flags:\n  A: !!java.lang.ProcessBuilder [[\"sh\", \"-c\", \"exit 3\"]]\n",
        "flags:\n  A: !local-tag {}\n",
        "flags:\n  A: !!binary aGVsbG8=\n",
        "flags:\n  A: !!set {a, b}\n",
        "flags:\n  A: !!omap [a: 1]\n",
    })
    void tagsThatNameTypesAreRefusedWithTheirLine(String template) {
        String yaml = template.replace("URL", url());
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigParser.parse(yaml, "pancake.yml", k -> null));
        String line = e.problems().get(0).toString();
        int expectedLine = (int) yaml.lines().takeWhile(l -> l.startsWith("%") || !l.contains("!")).count() + 1;
        assertTrue(line.startsWith("pancake.yml:" + expectedLine + ":"), line + " for\n" + yaml);
        assertTrue(line.contains("YAML tag ") && line.contains(" is not allowed: pancake.yml holds plain values only"),
                line);
        assertTrue(e.getMessage().lines().count() <= 2, e.getMessage());
    }
}
