package dev.pancake.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * ./pancake.yml is read only because it is in the working directory, so a copy that every user
 * may write (or that belongs to another user) is refused, said once, and the agent and the CLI run
 * without it; once it is fixed, the agent reads it.
 */
class WorkingDirConfigIT {

    private static final String ACTIVE = "flags:\n  NEW_CHECKOUT: {type: switch, default: true}\n";

    @TempDir
    Path dir;

    @ParameterizedTest
    @MethodSource("dev.pancake.it.Jdks#all")
    void aWorldWritableConfigIsRefusedUntilItIsFixed(Path jdk) throws Exception {
        try (AgentApp app = AgentApp.on(jdk).config(ACTIVE).configPermissions("rw-rw-rw-").start()) {
            String refused = app.jvm().awaitStderr("is writable by every user", AgentApp.TIMEOUT);
            assertTrue(refused.startsWith("[pancake] ERROR ./pancake.yml (" + app.dir().toRealPath()) && refused.contains(
                    "(rw-rw-rw-), so anyone could change the flags; not read"), refused);
            assertEquals("= null", app.call("Shop#checkout"), "the file's default is not in force");
            app.writeConfig(ACTIVE + "  BANNER: {type: switch}\n"); // changed, still world-writable
            assertEquals("= null", app.call("Shop#checkout"));
            Files.setPosixFilePermissions(app.dir().resolve("pancake.yml"), PosixFilePermissions.fromString("rw-r--r--"));
            app.awaitCall("= String:new checkout", "Shop#checkout");
            assertEquals(1, app.agentLines("is writable by every user").size(), "said once:\n"
                    + String.join("\n", app.stderr()));
        }
    }

    @ParameterizedTest
    @MethodSource("dev.pancake.it.Jdks#all")
    void theCliRefusesAnUntrustedConfigInTheWorkingDirectory(Path jdk) throws Exception {
        Path file = dir.resolve("pancake.yml");
        Files.writeString(file, "redis:\n  url: redis://127.0.0.1:1/0\n" + ACTIVE);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
        CliRun.Result r = new CliRun(dir).javaHome(jdk).run("list");
        assertEquals(2, r.status(), r.toString());
        assertEquals(1, r.err().size(), r.toString());
        assertTrue(r.err().get(0).contains("is writable by every user"), r.toString());
        if (System.getProperty("user.name").equals("root")) { // only root can give a file away
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
            Files.setOwner(file, file.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));
            r = new CliRun(dir).javaHome(jdk).run("list");
            assertEquals(2, r.status(), r.toString());
            assertEquals(List.of("pancake: ./pancake.yml (" + file.toRealPath() + ") belongs to nobody, not to the JVM's"
                    + " user root; not read (chown it, or name a file with -Dpancake.config=FILE)"), r.err());
        }
    }
}
