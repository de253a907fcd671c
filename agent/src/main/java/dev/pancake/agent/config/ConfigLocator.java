package dev.pancake.agent.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;

import dev.pancake.agent.log.Log;

/**
 * Where pancake.yml is: the agent argument {@code config=PATH}, else the system property
 * {@code pancake.config}, else the environment variable {@code PANCAKE_CONFIG}, else
 * {@code ./pancake.yml}.
 *
 * <p>{@code ./pancake.yml} is read only because it happens to be in the working directory, so on
 * POSIX file systems it must be trustworthy: owned by the user who runs the JVM (or by root) and
 * not writable by every user. Otherwise anyone on the machine could point the agent at their own
 * Redis or change the flags; the agent says so once and runs without it. A file named explicitly
 * is the operator's choice and is read as it is.
 *
 * @param path     the file to read (it may not exist)
 * @param origin   what named it, for messages
 * @param explicit whether the user named it (a missing explicit file is an error; a missing
 *                 ./pancake.yml just means no flags)
 */
public record ConfigLocator(Path path, String origin, boolean explicit) {

    public static ConfigLocator locate(String agentArgs) {
        String fromArgs = AgentArgs.parse(agentArgs).get("config");
        if (fromArgs != null && !fromArgs.isBlank()) {
            return new ConfigLocator(Paths.get(fromArgs), "the agent argument config=", true);
        }
        String property = System.getProperty("pancake.config");
        if (property != null && !property.isBlank()) {
            return new ConfigLocator(Paths.get(property), "-Dpancake.config", true);
        }
        String env = System.getenv("PANCAKE_CONFIG");
        if (env != null && !env.isBlank()) {
            return new ConfigLocator(Paths.get(env), "PANCAKE_CONFIG", true);
        }
        return new ConfigLocator(Paths.get("pancake.yml"), "the working directory", false);
    }

    /**
     * Why this file must not be read, or null: only {@code ./pancake.yml} (not a named file) on a
     * POSIX file system is checked, and a missing file is not refused.
     */
    public String distrust() {
        if (explicit) {
            return null;
        }
        PosixFileAttributes a;
        try {
            PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
            if (view == null) {
                return null; // not POSIX: no owner or mode to check
            }
            a = view.readAttributes();
        } catch (IOException | SecurityException | UnsupportedOperationException e) {
            return null; // missing (or unreadable, which reading it reports)
        }
        String where = "./pancake.yml (" + path.toAbsolutePath().normalize() + ")";
        if (a.permissions().contains(PosixFilePermission.OTHERS_WRITE)) {
            return where + " is writable by every user (" + PosixFilePermissions.toString(a.permissions())
                    + "), so anyone could change the flags; not read (chmod o-w it, or name a file with"
                    + " -Dpancake.config=FILE)";
        }
        String owner = a.owner().getName();
        String user = System.getProperty("user.name");
        if (!owner.equals(user) && !owner.equals("root")) {
            return where + " belongs to " + owner + ", not to the JVM's user " + user
                    + (user.equals("root") ? "" : " or root") + "; not read (chown it, or name a file with"
                    + " -Dpancake.config=FILE)";
        }
        return null;
    }

    /** True unless {@link #distrust()} refuses the file, which is then logged once (per reason). */
    public boolean trusted() {
        String why = distrust();
        if (why != null) {
            Log.once(Log.Level.ERROR, "distrust:" + why, why + "; the agent runs without it");
        }
        return why == null;
    }

    /** A file named by the CLI's --config. */
    public static ConfigLocator of(String path, String origin) {
        return new ConfigLocator(Paths.get(path), origin, true);
    }
}
