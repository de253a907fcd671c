package dev.pancake.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.pancake.testkit.RedisExtension;
import dev.pancake.testkit.TestRedis;
import net.bytebuddy.jar.asm.AnnotationVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * The agent never breaks the application: each failure below is real (no test switch in the agent),
 * the application keeps running, nothing but the documented FeatureDisabledException reaches its
 * code, and the agent reports each cause once.
 */
@Tag("fault")
@ExtendWith(RedisExtension.class)
class FailureIT {

    /**
     * How long a report is watched for a repeat: four looks of the config watcher (every 0.5 s).
     * That nothing is repeated cannot be awaited, so this is a bounded observation window; a
     * loaded machine may fit fewer looks into it, which weakens the check but never fails it.
     */
    private static final Duration WATCHER_LOOKS = Duration.ofMillis(2_000);

    private final TestRedis redis;

    FailureIT(TestRedis redis) {
        this.redis = redis;
    }

    @BeforeEach
    void clean() {
        redis.flushAll();
    }

    private String flags() {
        return "redis:\n  url: " + redis.url() + "\nflags:\n  NEW_CHECKOUT: {default: true}\n";
    }

    @ParameterizedTest
    @MethodSource("dev.pancake.it.Jdks#all")
    void missingConfigFileIsReportedOnceAndPickedUpWhenItAppears(Path jdk) throws Exception {
        Path dir = Files.createTempDirectory("pancake-missing");
        Path yml = dir.resolve("later.yml");
        try (AgentApp app = AgentApp.on(jdk).agentArgs("config=" + yml).start()) {
            assertEquals("= null", app.call("Shop#checkout"), "no file: no declared flag, so the fallback runs");
            String reported = assertReportedOnce(app, "does not exist");
            assertTrue(reported.contains(yml.toString()), reported);
            Files.writeString(yml, flags());
            app.awaitCall("= String:new checkout", "Shop#checkout");
        }
    }

    @ParameterizedTest
    @MethodSource("dev.pancake.it.Jdks#all")
    void invalidConfigFileIsReportedOnceWithItsLineAndFixedLive(Path jdk) {
        try (AgentApp app = AgentApp.on(jdk).config("flags:\n  NEW_CHECKOUT: {default: true\n  OTHER: 1\n").start()) {
            assertEquals("= null", app.call("Shop#checkout"));
            String reported = assertReportedOnce(app, "not valid YAML");
            assertTrue(reported.contains("pancake.yml:3:"), reported);
            app.writeConfig(flags());
            app.awaitCall("= String:new checkout", "Shop#checkout");
        }
    }

    @ParameterizedTest
    @MethodSource("dev.pancake.it.Jdks#all")
    void unreadableConfigFileIsReportedOnce(Path jdk) throws IOException {
        // a directory where the file should be: it exists, and is not opened (not a regular file)
        Path dir = Files.createTempDirectory("pancake-unreadable");
        Path yml = Files.createDirectory(dir.resolve("pancake.yml"));
        try (AgentApp app = AgentApp.on(jdk).agentArgs("config=" + yml).start()) {
            assertEquals("= null", app.call("Shop#checkout"));
            assertReportedOnce(app, "not a regular file");
            assertEquals("= String:echo", app.send("echo echo"));
        }
    }

    @ParameterizedTest
    @MethodSource("dev.pancake.it.Jdks#all")
    void classThatCannotBeInstrumentedLoadsUnchangedAndIsReportedOnce(Path jdk) throws IOException {
        Path classes = Files.createTempDirectory("pancake-huge");
        writeHugeClass(classes);
        try (AgentApp app = AgentApp.on(jdk).config(flags() + "  HUGE: {default: false}\n").classpath(classes).start()) {
            assertEquals("= String:huge ran", app.call("Huge#big"));
            assertEquals("= String:huge ran", app.call("Huge#big"));
            assertEquals("= String:new checkout", app.call("Shop#checkout"), "other classes are still gated");
            redis.set("SWITCH:pancake:NEW_CHECKOUT", "0");
            app.awaitCall("= null", "Shop#checkout");
            List<String> reported = app.agentLines("could not instrument dev.pancake.fixture.Huge");
            assertEquals(1, reported.size(), "stderr: " + app.stderr());
            assertTrue(reported.get(0).contains("its @Toggle methods run ungated"), reported.get(0));
        }
    }

    @ParameterizedTest
    @MethodSource("dev.pancake.it.Jdks#all")
    void accessorThatThrowsIsSkippedAndReportedOnce(Path jdk) {
        String yaml = "redis:\n  url: " + redis.url() + "\ngroups:\n  user: dev.pancake.fixture.Faulty#throwingId()\n"
                + "flags:\n  FAULTY: {type: flag, default: false}\n";
        try (AgentApp app = AgentApp.on(jdk).config(yaml).start()) {
            // an override, as flask-pancake writes it: from now on the accessor is read
            redis.command("SADD", "FLAG:pancake:t:user:FAULTY", "FLAG:pancake:k:user:FAULTY:alice");
            redis.set("FLAG:pancake:k:user:FAULTY:alice", "1");
            // the line comes with the first call that reads the accessor, once the agent has seen the override
            long deadline = System.nanoTime() + AgentApp.TIMEOUT.toNanos();
            while (RedisAgentTests.stderr(app, "the accessor broke").isEmpty()) {
                assertTrue(System.nanoTime() < deadline, "no report of the accessor: " + app.stderr());
                assertEquals("= null", app.call("Faulty#gated"), "the group is skipped: the default");
                app.syncStderr();
            }
            for (int i = 0; i < 20; i++) {
                assertEquals("= null", app.call("Faulty#gated"), "the group is skipped: the default");
            }
            redis.set("FLAG:pancake:FAULTY", "1");
            app.awaitCall("= String:on", "Faulty#gated");
            app.syncStderr();
            assertEquals(1, app.agentLines("the accessor broke").size(), "stderr: " + app.stderr());
        }
    }

    @ParameterizedTest
    @MethodSource("dev.pancake.it.Jdks#all")
    void gateThatFailsRunsTheFallbackAndIsReportedOnce(Path jdk) {
        String yaml = "redis:\n  url: " + redis.url() + "\ngroups:\n  user: dev.pancake.fixture.Faulty#endlessId()\n"
                + "flags:\n  FAULTY: {type: flag, default: true, fallback: {return: fallback}}\n";
        try (AgentApp app = AgentApp.on(jdk).config(yaml).start()) {
            assertEquals("= String:on", app.call("Faulty#gated"), "no override yet: the accessor is not read");
            assertEquals("= String:ok", app.send("api flag FAULTY enableUser alice"));
            for (int i = 0; i < 5; i++) {
                assertEquals("= String:fallback", app.call("Faulty#gated"), "the gate failed: inactive");
            }
            assertEquals("= String:ok", app.send("api flag FAULTY clearUser alice"));
            assertEquals("= String:on", app.call("Faulty#gated"));
            List<String> reported = app.agentLines("java.lang.StackOverflowError");
            assertEquals(1, reported.size(), "stderr: " + app.stderr());
            assertTrue(reported.get(0).contains("dev.pancake.fixture.Faulty#gated()"), reported.get(0));
        }
    }

    @ParameterizedTest
    @MethodSource("dev.pancake.it.Jdks#all")
    void storeThatRefusesWritesFailsTheWriteOnlyWithIllegalStateException(Path jdk) {
        try (AgentApp app = AgentApp.on(jdk).config(flags()).start()) {
            assertEquals("= String:new checkout", app.call("Shop#checkout"));
            // a replica refuses writes (READONLY) and keeps serving reads
            redis.command("REPLICAOF", "127.0.0.1", "1");
            try {
                String answer = app.send("api switch NEW_CHECKOUT disable");
                assertTrue(answer.startsWith("! java.lang.IllegalStateException: pancake: "), answer);
                assertTrue(answer.contains("READONLY"), answer);
                assertEquals("= String:new checkout", app.call("Shop#checkout"), "reads go on");
            } finally {
                redis.command("REPLICAOF", "NO", "ONE");
            }
            assertEquals("= String:ok", app.send("api switch NEW_CHECKOUT disable"));
            assertEquals("= null", app.call("Shop#checkout"));
        }
    }

    /**
     * Awaits the agent's line that contains {@code text}, then watches {@link #WATCHER_LOOKS} for a
     * second one (failing as soon as one shows); returns the line.
     */
    private static String assertReportedOnce(AgentApp app, String text) {
        List<String> lines = RedisAgentTests.awaitStderr(app, text, 1);
        assertEquals(1, lines.size(), "stderr: " + app.stderr());
        long until = System.nanoTime() + WATCHER_LOOKS.toNanos();
        while (System.nanoTime() < until) {
            assertEquals(1, app.agentLines(text).size(), "reported again: " + app.stderr());
            app.syncStderr(); // paces the loop: one round trip to the app
        }
        assertEquals(1, app.agentLines(text).size(), "reported again: " + app.stderr());
        return lines.get(0);
    }

    /**
     * {@code dev.pancake.fixture.Huge}: a gated method whose code is so close to the JVM's 64 KB
     * limit that the gate cannot be added (the weaver fails for real, with MethodTooLargeException).
     */
    private static void writeHugeClass(Path classes) throws IOException {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        cw.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER, "dev/pancake/fixture/Huge", null, "java/lang/Object", null);
        MethodVisitor init = cw.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "()V", null, null);
        init.visitCode();
        init.visitVarInsn(Opcodes.ALOAD, 0);
        init.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
        init.visitInsn(Opcodes.RETURN);
        init.visitMaxs(0, 0);
        init.visitEnd();
        MethodVisitor big = cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "big", "()Ljava/lang/String;", null, null);
        AnnotationVisitor toggle = big.visitAnnotation("Ldev/pancake/Toggle;", true);
        toggle.visit("name", "HUGE");
        toggle.visitEnd();
        big.visitCode();
        for (int i = 0; i < 65_500; i++) {
            big.visitInsn(Opcodes.NOP);
        }
        big.visitLdcInsn("huge ran");
        big.visitInsn(Opcodes.ARETURN);
        big.visitMaxs(0, 0);
        big.visitEnd();
        cw.visitEnd();
        Path file = classes.resolve("dev/pancake/fixture/Huge.class");
        Files.createDirectories(file.getParent());
        Files.write(file, cw.toByteArray());
    }
}
