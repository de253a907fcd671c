package dev.pancake.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import dev.pancake.bench.footprint.FootprintBench;
import dev.pancake.bench.propagation.PropagationBench;
import dev.pancake.bench.startup.RealStartupBench;
import dev.pancake.bench.startup.StartupBench;

/**
 * The results as markdown ({@code results.md}): first a summary of the speed targets (target, Pancake's
 * numbers on each JDK, the peers' numbers from the same run with their ratio to Pancake, whether the target is met),
 * then every measurement.
 *
 * <p>A gated call's cost is its time minus the ungated twin's time in the same JVM. A peer's ratio is the peer's
 * check divided by Pancake's whole gated call (gate and body), so it never flatters Pancake.
 */
final class Report {

    private final Settings settings;
    private final Machine machine;
    private final List<Jdk> jdks;
    private final Jdk peerJdk;
    private final String redis;
    private final List<Measurement> jmh = new ArrayList<>();
    private final List<PropagationBench.Result> propagation = new ArrayList<>();
    private final List<StartupBench.Result> startup = new ArrayList<>();
    private final List<RealStartupBench.Result> realStartup = new ArrayList<>();
    private final List<FootprintBench.Result> footprint = new ArrayList<>();

    Report(Settings settings, Machine machine, List<Jdk> jdks, Jdk peerJdk, String redis) {
        this.settings = settings;
        this.machine = machine;
        this.jdks = jdks;
        this.peerJdk = peerJdk;
        this.redis = redis;
    }

    void add(Measurement m) {
        jmh.add(m);
    }

    void add(PropagationBench.Result r) {
        propagation.add(r);
    }

    void add(StartupBench.Result r) {
        startup.add(r);
    }

    void add(RealStartupBench.Result r) {
        realStartup.add(r);
    }

    void add(FootprintBench.Result r) {
        footprint.add(r);
    }

    void write(Path file) {
        try {
            Files.writeString(file, markdown());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("# Pancake benchmark results\n\n");
        if (settings.quick()) {
            md.append("**Quick mode (`--quick`): a smoke check, too short to quote.**\n\n");
        }
        md.append("Measured ").append(ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME))
                .append(" with `bench/run.sh").append(settings.quick() ? " --quick" : "").append("`.\n\n");
        machine.describe(md, jdks, redis);
        md.append("- JMH: ").append(settings.describeJmh()).append("; `-prof gc` for bytes per call.\n\n");
        summary(md);
        details(md);
        return md.toString();
    }

    // ---- the summary against the speed targets

    private void summary(StringBuilder md) {
        md.append("## Summary against the speed targets\n\n");
        md.append("Gate cost = gated call − the same call ungated, in the same JVM. Peer ratio = the peer's check ÷ ")
                .append("Pancake's whole gated call (gate + body), measured in the same run on ")
                .append(peerJdk).append(".\n\n");
        md.append("| what | target ");
        for (Jdk j : jdks) {
            md.append("| Pancake, ").append(j).append(' ');
        }
        md.append("| peers, same run | met |\n|---|---|");
        md.append("---|".repeat(jdks.size())).append("---|---|\n");

        gatedRow(md, "gated Switch call", "switchOn", 5, List.of(
                peer("Togglz `isActive`", "TogglzChecks.isActive"),
                peer("FF4J `check`", "Ff4jChecks.check"),
                peer("OpenFeature in-memory", "OpenFeatureChecks.getBooleanValue"),
                peer("Unleash `isEnabled`", "UnleashChecks.isEnabled")));
        List<Peer> flagPeers = List.of(
                peer("Togglz gradual rollout", "TogglzChecks.gradualRolloutWithUser"),
                peer("OpenFeature with a targeting key", "OpenFeatureChecks.getBooleanValueWithTargetingKey"),
                peer("Unleash with a user context", "UnleashChecks.isEnabledWithUser"));
        gatedRow(md, "gated Flag, `ThreadLocal` user, no override for this user", "flagOtherUserOverridden", 15,
                flagPeers);
        gatedRow(md, "gated Flag, `ThreadLocal` user, with one override", "flagUserOverridden", 15, flagPeers);
        gatedRow(md, "gated Flag without any override", "flagNoOverrides", 15, List.of());
        gatedRow(md, "gated Sample (50 %)", "sample", 10, List.of(peer("FF4J ponderation", "Ff4jChecks.checkPonderation")));
        gatedRow(md, "gated Switch that is off (the `skip` fallback runs)", "switchOff", 5, List.of());
        apiRow(md, "programmatic `Switch.isActive()`", "apiSwitch",
                List.of(peer("Togglz `isActive`", "TogglzChecks.isActive")));
        apiRow(md, "programmatic `Flag.isActive()`, user with an override", "apiFlagUser",
                List.of(peer("Togglz gradual rollout", "TogglzChecks.gradualRolloutWithUser")));
        uncachedRow(md);
        propagationRow(md);
        startupRow(md);
        realStartupRow(md);
        footprintRow(md);
        threadsRow(md);
        md.append('\n');
    }

    private record Peer(String label, String benchmark) {}

    private static Peer peer(String label, String benchmark) {
        return new Peer(label, benchmark);
    }

    private void gatedRow(StringBuilder md, String what, String method, double targetNs, List<Peer> peers) {
        md.append("| ").append(what).append(" | ≤ ").append(fmt(targetNs)).append(" ns, 0 B ");
        boolean met = true;
        boolean any = false;
        for (Jdk j : jdks) {
            Optional<Measurement> gated = find("GatedCalls." + method, j, 1);
            Optional<Measurement> plain = find("GatedCalls.ungated", j, 1);
            if (gated.isEmpty() || plain.isEmpty()) {
                md.append("| — ");
                continue;
            }
            any = true;
            double cost = gated.get().score() - plain.get().score();
            double bytes = gated.get().bytesPerOp();
            met &= cost <= targetNs && !(bytes >= 0.5);
            md.append("| +").append(ns(cost)).append(" (").append(ns(gated.get().score())).append(" vs ")
                    .append(ns(plain.get().score())).append("), ").append(bytes(bytes)).append(' ');
        }
        md.append("| ").append(peers(peers, find("GatedCalls." + method, peerJdk, 1))).append(" | ")
                .append(any ? (met ? "yes" : "**no**") : "—").append(" |\n");
    }

    private void apiRow(StringBuilder md, String what, String method, List<Peer> peers) {
        md.append("| ").append(what).append(" | — ");
        for (Jdk j : jdks) {
            md.append("| ").append(find("GatedCalls." + method, j, 1)
                    .map(m -> ns(m.score()) + ", " + bytes(m.bytesPerOp())).orElse("—")).append(' ');
        }
        md.append("| ").append(peers(peers, find("GatedCalls." + method, peerJdk, 1))).append(" | — |\n");
    }

    private String peers(List<Peer> peers, Optional<Measurement> ours) {
        List<String> parts = new ArrayList<>();
        for (Peer p : peers) {
            find(p.benchmark, peerJdk, 1).ifPresent(m -> parts.add(p.label + " " + ns(m.score()) + ", "
                    + bytes(m.bytesPerOp()) + ours.map(o -> " (" + ratio(m.score() / o.score()) + ")").orElse("")));
        }
        return parts.isEmpty() ? "—" : String.join("; ", parts);
    }

    private void uncachedRow(StringBuilder md) {
        Optional<Measurement> get = find("UncachedChecks.jedisGet", peerJdk, 1);
        Optional<Measurement> flask = find("UncachedChecks.flaskPancakeStyleIsActive", peerJdk, 1);
        Optional<Measurement> ours = find("GatedCalls.switchOn", peerJdk, 1);
        md.append("| for scale: an uncached check (loopback Redis) | — ");
        md.append("| — ".repeat(jdks.size()));
        List<String> parts = new ArrayList<>();
        get.ifPresent(m -> parts.add("one Jedis `GET` " + ns(m.score())
                + ours.map(o -> " (" + ratio(m.score() / o.score()) + ")").orElse("")));
        flask.ifPresent(m -> parts.add("flask-pancake-style `SETNX`+`GET` " + ns(m.score())
                + ours.map(o -> " (" + ratio(m.score() / o.score()) + ")").orElse("")));
        md.append("| ").append(parts.isEmpty() ? "—" : String.join("; ", parts)).append(" | — |\n");
    }

    private void propagationRow(StringBuilder md) {
        md.append("| a change by another Redis client seen by a running agent | p99 ≤ 1 ms ");
        boolean met = true;
        for (Jdk j : jdks) {
            Optional<PropagationBench.Result> r = propagation.stream().filter(p -> p.jdk().equals(j)).findFirst();
            md.append("| ").append(r.map(p -> "p50 " + ns(p.agent().p50()) + ", p99 " + ns(p.agent().p99())
                    + ", max " + ns(p.agent().max())).orElse("—")).append(' ');
            met &= r.map(p -> p.agent().p99() <= 1_000_000).orElse(true);
        }
        md.append("| floor (`SET` → `CLIENT TRACKING` push at a bare subscriber): ");
        md.append(propagation.isEmpty() ? "—" : propagation.stream().map(p -> p.jdk() + " p50 " + ns(p.floor().p50())
                + ", p99 " + ns(p.floor().p99())).reduce((a, b) -> a + "; " + b).orElse(""));
        md.append("; Unleash polls every 10 s; FF4J and Togglz caches wait for a TTL | ")
                .append(propagation.isEmpty() ? "—" : met ? "yes" : "**no**").append(" |\n");
    }

    private void startupRow(StringBuilder md) {
        md.append("| start-up added to a JVM that loads 10,000 classes and calls one gated method | ≤ 150 ms ");
        boolean met = true;
        for (Jdk j : jdks) {
            Optional<StartupBench.Result> r = startup.stream().filter(s -> s.jdk().equals(j)).findFirst();
            md.append("| ").append(r.map(s -> "+" + ms(s.addedNanos(StartupBench.Variant.AGENT_MEMORY))
                    + " in-memory, +" + ms(s.addedNanos(StartupBench.Variant.AGENT_REDIS)) + " with Redis (median of "
                    + s.runs() + ", " + ms(s.nanos().get(StartupBench.Variant.PLAIN).p50()) + " without agent)")
                    .orElse("—")).append(' ');
            met &= r.map(s -> s.addedNanos(StartupBench.Variant.AGENT_MEMORY) <= 150_000_000
                    && s.addedNanos(StartupBench.Variant.AGENT_REDIS) <= 150_000_000).orElse(true);
        }
        md.append("| the OpenTelemetry agent adds about 2 s to spring-petclinic | ")
                .append(startup.isEmpty() ? "—" : met ? "yes" : "**no**").append(" |\n");
    }

    private void realStartupRow(StringBuilder md) {
        md.append("| start-up added to petclinic-like (Spring Boot, JPA, Thymeleaf), process start to first HTTP 200"
                + " | ≤ 2x the empty agent's ");
        boolean met = true;
        for (Jdk j : jdks) {
            Optional<RealStartupBench.Result> r = realStartup.stream().filter(s -> s.jdk().equals(j)).findFirst();
            md.append("| ").append(r.map(s -> signedMs(s.addedNanos(RealStartupBench.Variant.AGENT_MEMORY))
                    + " in-memory, " + signedMs(s.addedNanos(RealStartupBench.Variant.AGENT_REDIS))
                    + " with Redis, empty agent "
                    + signedMs(s.addedNanos(RealStartupBench.Variant.EMPTY_AGENT)) + " (median of " + s.runs() + ", "
                    + ms(s.nanos().get(RealStartupBench.Variant.PLAIN).p50()) + " without agent)").orElse("—"))
                    .append(' ');
            met &= r.map(s -> {
                long empty = Math.max(0, s.addedNanos(RealStartupBench.Variant.EMPTY_AGENT));
                return s.addedNanos(RealStartupBench.Variant.AGENT_MEMORY) <= 2 * empty
                        && s.addedNanos(RealStartupBench.Variant.AGENT_REDIS) <= 2 * empty;
            }).orElse(true);
        }
        md.append("| OpenTelemetry's own published benchmark: about 2 s on spring-petclinic (not measured here) | ")
                .append(realStartup.isEmpty() ? "—" : met ? "yes" : "**no**").append(" |\n");
    }

    private void footprintRow(StringBuilder md) {
        md.append("| memory and threads added to an idle application with Redis | ≤ 12 MB RSS, ≤ 4 threads ");
        boolean met = true;
        for (Jdk j : jdks) {
            Optional<FootprintBench.Result> r = footprint.stream().filter(f -> f.jdk().equals(j)).findFirst();
            md.append("| ").append(r.map(f -> "+" + mb(f.added(f.rss(), RealStartupBench.Variant.AGENT_REDIS)) + " RSS, +"
                    + mb(f.added(f.heap(), RealStartupBench.Variant.AGENT_REDIS)) + " heap, +"
                    + f.added(f.threads(), RealStartupBench.Variant.AGENT_REDIS) + " threads (median of " + f.runs() + ")")
                    .orElse("—")).append(' ');
            met &= r.map(f -> f.added(f.rss(), RealStartupBench.Variant.AGENT_REDIS) <= 12L * 1024 * 1024
                    && f.added(f.threads(), RealStartupBench.Variant.AGENT_REDIS) <= 4).orElse(true);
        }
        md.append("| — | ").append(footprint.isEmpty() ? "—" : met ? "yes" : "**no**").append(" |\n");
    }

    private void threadsRow(StringBuilder md) {
        md.append("| 8 threads calling gated methods | scales with cores, no lock ");
        for (Jdk j : jdks) {
            md.append("| ");
            Optional<Measurement> one = find("GatedCalls.switchOn", j, 1, "ops/us");
            Optional<Measurement> eight = find("GatedCalls.switchOn", j, 8, "ops/us");
            Optional<Measurement> two = find("GatedCalls.switchOn", j, 2, "ops/us");
            if (one.isPresent() && two.isPresent() && eight.isPresent()) {
                md.append("Switch: ").append(ratio(two.get().score() / one.get().score())).append(" at 2 threads, ")
                        .append(ratio(eight.get().score() / one.get().score())).append(" at 8 (")
                        .append(machine.cores()).append(" cores) ");
            } else {
                md.append("— ");
            }
        }
        md.append("| — | see below |\n");
    }

    // ---- every measurement

    private void details(StringBuilder md) {
        md.append("## Every measurement\n\n");
        md.append("### Gated calls, one thread (agent attached, in-memory store)\n\n");
        table(md, jmh.stream().filter(m -> m.benchmark().startsWith("GatedCalls.") && m.unit().equals("ns/op"))
                .map(Measurement::benchmark).distinct().toList(), jdks);
        md.append("### Peers and uncached checks (no agent)\n\n");
        table(md, jmh.stream().filter(m -> !m.benchmark().startsWith("GatedCalls."))
                .map(Measurement::benchmark).distinct().toList(), List.of(peerJdk));
        threads(md);
        propagationDetails(md);
        startupDetails(md);
        realStartupDetails(md);
        footprintDetails(md);
    }

    private void table(StringBuilder md, List<String> benchmarks, List<Jdk> on) {
        if (benchmarks.isEmpty()) {
            md.append("(not run)\n\n");
            return;
        }
        md.append("| benchmark ");
        for (Jdk j : on) {
            md.append("| ").append(j).append(" ns/op | B/op ");
        }
        md.append("|\n|---|").append("---:|---:|".repeat(on.size())).append('\n');
        for (String b : benchmarks) {
            md.append("| `").append(b).append("` ");
            for (Jdk j : on) {
                Optional<Measurement> m = find(b, j, 1);
                md.append("| ").append(m.map(x -> ns(x.score()) + (Double.isNaN(x.error()) ? "" : " ± " + ns(x.error())))
                        .orElse("—")).append(" | ")
                        .append(m.map(x -> bytes(x.bytesPerOp())).orElse("—")).append(' ');
            }
            md.append("|\n");
        }
        md.append('\n');
    }

    private void threads(StringBuilder md) {
        md.append("### Throughput with 1, 2, 4 and 8 threads (ops/µs, all threads together)\n\n");
        if (jmh.stream().noneMatch(m -> m.unit().equals("ops/us"))) {
            md.append("(not run)\n\n");
            return;
        }
        md.append("The machine has ").append(machine.cores()).append(" cores: beyond that, threads share them, so ")
                .append("total throughput can only stay flat; a lock or a shared written cache line would make it ")
                .append("fall instead.\n\n| benchmark | JDK |");
        for (int t : JmhSuites.THREADS) {
            md.append(' ').append(t).append(t == 1 ? " thread |" : " threads |");
        }
        md.append("\n|---|---|").append("---:|".repeat(JmhSuites.THREADS.length)).append('\n');
        for (String method : JmhSuites.THREADED) {
            for (Jdk j : jdks) {
                md.append("| `GatedCalls.").append(method).append("` | ").append(j).append(' ');
                Optional<Measurement> base = find("GatedCalls." + method, j, 1, "ops/us");
                for (int t : JmhSuites.THREADS) {
                    Optional<Measurement> m = find("GatedCalls." + method, j, t, "ops/us");
                    md.append("| ").append(m.map(x -> fmt(x.score()) + base.map(b -> " (" + ratio(x.score()
                            / b.score()) + ")").orElse("")).orElse("—")).append(' ');
                }
                md.append("|\n");
            }
        }
        md.append('\n');
    }

    private void propagationDetails(StringBuilder md) {
        md.append("### Propagation (loopback, ").append(redis).append(")\n\n");
        if (propagation.isEmpty()) {
            md.append("(not run)\n\n");
            return;
        }
        md.append("From just before another client's `SET` is sent to: the invalidation push arriving at a bare ")
                .append("subscriber (floor), and the first call of a gated method that answers the new value (agent). ")
                .append(propagation.get(0).agent().count()).append(" changes each, alternating 1 and 0, after ")
                .append(propagation.get(0).warmup()).append(" changes that warm up the JIT (the agent's code and the ")
                .append("subscriber's are compiled, as in a JVM that has been running for a while).\n\n")
                .append("| JDK | what | p50 | p90 | p99 | max |\n|---|---|---:|---:|---:|---:|\n");
        for (PropagationBench.Result r : propagation) {
            latencyRow(md, r.jdk() + "", "floor", r.floor());
            latencyRow(md, r.jdk() + "", "agent", r.agent());
        }
        md.append('\n');
    }

    private static void latencyRow(StringBuilder md, String jdk, String what, Stats s) {
        md.append("| ").append(jdk).append(" | ").append(what).append(" | ").append(ns(s.p50())).append(" | ")
                .append(ns(s.p90())).append(" | ").append(ns(s.p99())).append(" | ").append(ns(s.max())).append(" |\n");
    }

    private void startupDetails(StringBuilder md) {
        md.append("### Start-up (wall clock of a whole JVM, start to exit)\n\n");
        if (startup.isEmpty()) {
            md.append("(not run)\n\n");
            return;
        }
        md.append("| JDK | variant | median | min | max | added (median) |\n|---|---|---:|---:|---:|---:|\n");
        for (StartupBench.Result r : startup) {
            for (StartupBench.Variant v : StartupBench.Variant.values()) {
                Stats s = r.nanos().get(v);
                md.append("| ").append(r.jdk()).append(" | ").append(v.label).append(" | ").append(ms(s.p50()))
                        .append(" | ").append(ms(s.min())).append(" | ").append(ms(s.max())).append(" | ")
                        .append(v == StartupBench.Variant.PLAIN ? "—" : "+" + ms(r.addedNanos(v))).append(" |\n");
            }
        }
        md.append('\n');
        for (StartupBench.Result r : startup) {
            md.append("- ").append(r.jdk()).append(": with Redis, the first gated call saw Redis's value in ")
                    .append(r.redisSeen()).append(" of ").append(r.runs()).append(" runs (it waits at most `timeout-ms`")
                    .append(" for the first read, then uses the default).\n");
        }
        md.append('\n');
    }

    private void realStartupDetails(StringBuilder md) {
        md.append("### Start-up of petclinic-like (process start to the first HTTP 200 of `GET /`)\n\n");
        if (realStartup.isEmpty()) {
            md.append("(not run)\n\n");
            return;
        }
        md.append("| JDK | variant | median | min | max | added (median) | CPU (median) | CPU added |\n")
                .append("|---|---|---:|---:|---:|---:|---:|---:|\n");
        for (RealStartupBench.Result r : realStartup) {
            for (RealStartupBench.Variant v : RealStartupBench.Variant.values()) {
                Stats s = r.nanos().get(v);
                boolean plain = v == RealStartupBench.Variant.PLAIN;
                md.append("| ").append(r.jdk()).append(" | ").append(v.label).append(" | ").append(ms(s.p50()))
                        .append(" | ").append(ms(s.min())).append(" | ").append(ms(s.max())).append(" | ")
                        .append(plain ? "—" : signedMs(r.addedNanos(v))).append(" | ").append(ms(r.cpu().get(v).p50()))
                        .append(" | ").append(plain ? "—" : signedMs(r.addedCpu(v))).append(" |\n");
            }
        }
        md.append('\n');
        for (RealStartupBench.Result r : realStartup) {
            md.append("- ").append(r.jdk()).append(": with Redis, the first request's gated call saw Redis's value in ")
                    .append(r.redisSeen()).append(" of ").append(r.runs()).append(" runs.\n");
        }
        md.append('\n');
    }

    /** A difference, with its sign: +12 ms, -3 ms (a negative one is within the noise of the runs). */
    private static String signedMs(long nanos) {
        return (nanos < 0 ? "-" : "+") + ms(Math.abs(nanos));
    }

    private void footprintDetails(StringBuilder md) {
        md.append("### Footprint of an idle application (a few seconds after start, no GC forced)\n\n");
        if (footprint.isEmpty()) {
            md.append("(not run)\n\n");
            return;
        }
        md.append("| JDK | variant | RSS | heap in use | threads | added RSS / heap / threads |\n"
                + "|---|---|---:|---:|---:|---:|\n");
        for (FootprintBench.Result r : footprint) {
            for (RealStartupBench.Variant v : RealStartupBench.Variant.values()) {
                md.append("| ").append(r.jdk()).append(" | ").append(v.label).append(" | ").append(mb(r.rss().get(v).p50()))
                        .append(" | ").append(mb(r.heap().get(v).p50())).append(" | ").append(r.threads().get(v).p50())
                        .append(" | ").append(v == RealStartupBench.Variant.PLAIN ? "—" : "+" + mb(r.added(r.rss(), v))
                                + " / +" + mb(r.added(r.heap(), v)) + " / +" + r.added(r.threads(), v))
                        .append(" |\n");
            }
        }
        md.append('\n');
    }

    // ---- lookups and formats

    private Optional<Measurement> find(String benchmark, Jdk jdk, int threads) {
        return find(benchmark, jdk, threads, null);
    }

    private Optional<Measurement> find(String benchmark, Jdk jdk, int threads, String unit) {
        return jmh.stream().filter(m -> m.benchmark().equals(benchmark) && m.jdk().equals(jdk.name())
                && m.threads() == threads && (unit == null ? m.unit().equals("ns/op") : m.unit().equals(unit)))
                .findFirst();
    }

    static String ns(double nanos) {
        double a = Math.abs(nanos);
        if (a >= 1_000_000) {
            return fmt(nanos / 1_000_000) + " ms";
        }
        if (a >= 1_000) {
            return fmt(nanos / 1_000) + " µs";
        }
        return fmt(nanos) + " ns";
    }

    static String mb(double bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / (1024 * 1024));
    }

    static String ms(double nanos) {
        return String.format(Locale.ROOT, "%.0f ms", nanos / 1_000_000);
    }

    static String bytes(double b) {
        return Double.isNaN(b) ? "? B" : String.format(Locale.ROOT, "%.0f B", b);
    }

    static String ratio(double r) {
        return r >= 100 ? String.format(Locale.ROOT, "%,.0f×", r) : String.format(Locale.ROOT, "%.1f×", r);
    }

    static String fmt(double v) {
        double a = Math.abs(v);
        return a >= 100 ? String.format(Locale.ROOT, "%.0f", v)
                : a >= 10 ? String.format(Locale.ROOT, "%.1f", v) : String.format(Locale.ROOT, "%.2f", v);
    }
}
