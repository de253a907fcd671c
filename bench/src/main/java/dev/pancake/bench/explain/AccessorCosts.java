package dev.pancake.bench.explain;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import dev.pancake.bench.gated.BenchUser;

/**
 * Where a gated Flag's time goes: reading the group id {@code BenchUser#CURRENT.id} the way the agent does (method
 * handles held in ordinary fields, which the JIT cannot inline through) against cheaper ways, and the override
 * lookup. Not part of bench/run.sh; run it with
 * {@code java -cp bench/target/pancake-bench.jar org.openjdk.jmh.Main AccessorCosts} (docs/performance.md).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class AccessorCosts {

    private MethodHandle root;
    private MethodHandle property;
    private ThreadLocal<?> local;
    private ConcurrentHashMap<String, Boolean> overrides;

    @Setup
    public void setUp() throws ReflectiveOperationException {
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        root = lookup.findStaticGetter(BenchUser.class, "CURRENT", ThreadLocal.class)
                .asType(MethodType.methodType(Object.class));
        property = lookup.findVirtual(BenchUser.User.class, "id", MethodType.methodType(String.class))
                .asType(MethodType.methodType(Object.class, Object.class));
        local = BenchUser.CURRENT;
        BenchUser.login("user-42");
        overrides = new ConcurrentHashMap<>();
        overrides.put(new String("someone-else"), Boolean.FALSE);
    }

    /** As the agent reads an id today: two method handles that are not constants. */
    @Benchmark
    public Object idThroughFieldHeldHandles() throws Throwable {
        Object value = (Object) root.invokeExact();
        if (value instanceof ThreadLocal<?> l) {
            value = l.get();
        }
        return (Object) property.invokeExact(value);
    }

    /** The static final ThreadLocal read once when the accessor is resolved; the property still through a handle. */
    @Benchmark
    public Object idWithCapturedThreadLocal() throws Throwable {
        return (Object) property.invokeExact((Object) local.get());
    }

    /** What generated code (or a hand-written accessor) costs: the floor. */
    @Benchmark
    public Object idDirect() {
        return BenchUser.CURRENT.get().id();
    }

    /** The override lookup that follows, for an id without an override. */
    @Benchmark
    public Boolean overrideMiss() {
        return overrides.get(BenchUser.CURRENT.get().id());
    }
}
