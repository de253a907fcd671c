package dev.pancake.agent.engine;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Queue;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Future;
import java.util.stream.DoubleStream;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Methods of every return shape, for planning fallbacks (their bodies never run in these tests). */
@SuppressWarnings("unused")
class Returns {

    enum Color { RED, GREEN }

    void run() {}
    boolean yes() { return true; }
    char letter() { return 'x'; }
    byte octet() { return 1; }
    short small() { return 1; }
    int count() { return 1; }
    long big() { return 1; }
    float ratio() { return 1; }
    double precise() { return 1; }
    Integer boxed() { return 1; }
    Boolean boxedYes() { return true; }
    Character boxedLetter() { return 'x'; }
    String text() { return "body"; }
    CharSequence chars() { return "body"; }
    Object anything() { return "body"; }
    Number number() { return 1; }
    Color color() { return Color.GREEN; }
    BigDecimal price() { return BigDecimal.ONE; }
    BigInteger huge() { return BigInteger.ONE; }
    Optional<String> maybeText() { return Optional.of("body"); }
    Optional<Integer> maybeCount() { return Optional.of(1); }
    Optional<Color> maybeColor() { return Optional.of(Color.GREEN); }
    @SuppressWarnings("rawtypes") Optional rawOptional() { return Optional.of(1); }
    OptionalInt optionalInt() { return OptionalInt.of(1); }
    OptionalLong optionalLong() { return OptionalLong.of(1); }
    OptionalDouble optionalDouble() { return OptionalDouble.of(1); }
    List<String> list() { return List.of("body"); }
    Set<String> set() { return Set.of("body"); }
    Map<String, Integer> map() { return Map.of("body", 1); }
    Collection<String> collection() { return List.of("body"); }
    Iterable<String> iterable() { return List.of("body"); }
    SortedSet<String> sortedSet() { return null; }
    NavigableMap<String, Integer> navigableMap() { return null; }
    Queue<String> queue() { return null; }
    Deque<String> deque() { return null; }
    Iterator<String> iterator() { return null; }
    ArrayList<String> arrayList() { return null; }
    HashMap<String, Integer> hashMap() { return null; }
    LinkedHashSet<String> linkedHashSet() { return null; }
    TreeMap<String, Integer> treeMap() { return null; }
    ArrayDeque<String> arrayDeque() { return null; }
    ConcurrentMap<String, Integer> concurrentMap() { return null; }
    BlockingQueue<String> blockingQueue() { return null; }
    Stream<String> stream() { return null; }
    IntStream intStream() { return null; }
    LongStream longStream() { return null; }
    DoubleStream doubleStream() { return null; }
    int[] ints() { return null; }
    String[] strings() { return null; }
    Color[][] grid() { return null; }
    Thread other() { return null; }

    // ---- for {call: ...}

    String search(String query, int limit) { return "new " + query; }
    String legacySearch(String query, int limit) { return "legacy " + query + " " + limit + " on " + this.getClass().getSimpleName(); }
    static String staticSearch(String query, int limit) { return "static " + query + " " + limit; }
    static String gatedStatic(String query, int limit) { return "new static"; }
    String otherParams(String query) { return "other"; }
    Integer wrongReturn(String query, int limit) { return 1; }
    void nothing(String query, int limit) {}
    List<String> listSearch(String query, int limit) { return List.of(); }
    ArrayList<String> arrayListSearch(String query, int limit) { return new ArrayList<>(List.of("legacy " + query)); }
    String failingSearch(String query, int limit) { throw new IllegalStateException("legacy failed for " + query); }
    void log(String query, int limit) {}
    private String privateSearch(String query, int limit) { return "private " + query; }

    public CompletableFuture<String> future() { return null; }
    public CompletableFuture<List<String>> futureList() { return null; }
    public CompletableFuture<Integer> futureInt() { return null; }
    public CompletableFuture<Optional<String>> futureOptional() { return null; }
    @SuppressWarnings("rawtypes") public CompletableFuture rawFuture() { return null; }
    public CompletionStage<Set<String>> stage() { return null; }
    public Future<Long> plainFuture() { return null; }
    public Mono<String> mono() { return null; }
    public Flux<Integer> flux() { return null; }
}
