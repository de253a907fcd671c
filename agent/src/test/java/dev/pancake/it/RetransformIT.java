package dev.pancake.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Another agent in the same JVM retransforms a class that Pancake has gated (APM agents do this). The class
 * stays gated. Under {@code -javaagent} Pancake's transformer is not retransform-capable, so the JVM keeps the
 * gate woven at load and Pancake does not gate the method a second time; after a dynamic attach it is
 * retransform-capable (the attach retransforms the classes loaded before it), and the JVM hands it the
 * original bytes again, which it gates again.
 */
class RetransformIT {

    private static final String FLAGS = "flags:\n  RETRANSFORMED: {type: switch, default: false}\n";
    private static final String GATED = "gated dev.pancake.fixture.Retransformed#gated() by switch RETRANSFORMED";

    @TempDir
    Path tmp;

    /** A jar that is only a manifest naming {@code dev.pancake.fixture.RetransformingAgent}. */
    private Path otherAgent() throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Premain-Class", "dev.pancake.fixture.RetransformingAgent");
        manifest.getMainAttributes().putValue("Can-Retransform-Classes", "true");
        Path jar = tmp.resolve("other-agent.jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, manifest)) {
            // the manifest is all
        }
        return jar;
    }

    @ParameterizedTest
    @MethodSource("dev.pancake.it.Jdks#all")
    void aClassThatAnotherAgentRetransformsIsGatedOnce(Path jdk) throws Exception {
        try (AgentApp app = AgentApp.on(jdk).config(FLAGS).systemProperty("pancake.log.level", "debug")
                .jvmArg("-javaagent:" + otherAgent()).start()) {
            assertEquals("= null", app.call("Retransformed#gated"));
            assertEquals("= String:retransformed", app.call("RetransformingAgent#retransform"));
            assertEquals("= null", app.call("Retransformed#gated"));
            assertEquals("= String:ok", app.send("api switch RETRANSFORMED enable"));
            assertEquals("= String:on", app.call("Retransformed#gated"));
            assertEquals(1, app.agentLines(GATED).size(), "gated more than once: " + app.agentLines("gated "));
        }
    }

    @ParameterizedTest
    @MethodSource("dev.pancake.it.Jdks#all")
    void afterADynamicAttachAClassThatAnotherAgentRetransformsStaysGated(Path jdk) throws Exception {
        try (AgentApp app = AgentApp.on(jdk).config(FLAGS).withoutAgent().systemProperty("pancake.log.level", "debug")
                .jvmArg("-XX:+EnableDynamicAgentLoading").jvmArg("-javaagent:" + otherAgent()).start()) {
            assertEquals("= String:on", app.call("Retransformed#gated"));
            AttachIT.attach(app, "config=" + app.dir().resolve("pancake.yml"));
            app.awaitCall("= null", "Retransformed#gated");
            assertEquals("= String:retransformed", app.call("RetransformingAgent#retransform"));
            assertEquals("= null", app.call("Retransformed#gated"));
            assertEquals("= String:ok", app.send("api switch RETRANSFORMED enable"));
            assertEquals("= String:on", app.call("Retransformed#gated"));
        }
    }
}
