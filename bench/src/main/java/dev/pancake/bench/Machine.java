package dev.pancake.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/** What the numbers were measured on: CPU, cores, memory, the load when the run started, and the JDKs. */
record Machine(int cores, String cpu, String memory, String loadAtStart, String os) {

    static Machine current() {
        return new Machine(Runtime.getRuntime().availableProcessors(),
                firstValue(Path.of("/proc/cpuinfo"), "model name").orElse(System.getProperty("os.arch")),
                firstValue(Path.of("/proc/meminfo"), "MemTotal").orElse("?"),
                read(Path.of("/proc/loadavg")).map(l -> String.join(" ", List.of(l.trim().split(" ")).subList(0, 3)))
                        .orElse("?"),
                System.getProperty("os.name") + " " + System.getProperty("os.version"));
    }

    void describe(StringBuilder md, List<Jdk> jdks, String redis) {
        md.append("- Machine: ").append(cpu).append(", ").append(cores).append(" cores (`nproc`), ").append(memory)
                .append(" memory, ").append(os).append("; load average at start ").append(loadAtStart)
                .append(" (1, 5, 15 min)\n");
        for (Jdk j : jdks) {
            md.append("- ").append(j).append(": ").append(version(j.home())).append(" (").append(j.home()).append(")\n");
        }
        md.append("- Redis: ").append(redis).append('\n');
    }

    private static String version(Path home) {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(home.resolve("release"))) {
            p.load(in);
        } catch (IOException e) {
            return "?";
        }
        String vendor = p.getProperty("IMPLEMENTOR", "").replace("\"", "");
        String version = p.getProperty("JAVA_RUNTIME_VERSION", p.getProperty("JAVA_VERSION", "?")).replace("\"", "");
        return (vendor.isEmpty() ? "" : vendor + " ") + version;
    }

    private static java.util.Optional<String> firstValue(Path file, String key) {
        return read(file).flatMap(text -> text.lines().filter(l -> l.startsWith(key))
                .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst());
    }

    private static java.util.Optional<String> read(Path file) {
        try {
            return java.util.Optional.of(Files.readString(file));
        } catch (IOException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }
}
