package dev.pancake.agent.instrument;

import java.util.List;

/**
 * The class that {@link GateWeaverTest} weaves: methods of every return kind, static and instance,
 * whose bodies leave a trace in {@link #ran} so a test can tell whether a body ran.
 */
public class WeaveSubject {

    /** What the bodies ran, in order (a static of the woven copy, read by reflection). */
    public static final StringBuilder ran = new StringBuilder();

    private final String name;

    public WeaveSubject() {
        this("plain");
    }

    public WeaveSubject(String name) {
        this.name = name;
    }

    public static String greeting(String who) {
        ran.append("greeting;");
        return "hello " + who;
    }

    public String named() {
        ran.append("named;");
        return name;
    }

    public static void touch() {
        ran.append("touch;");
    }

    public static int count(int base) {
        ran.append("count;");
        return base + 1;
    }

    public static boolean yes() {
        ran.append("yes;");
        return true;
    }

    public static long wide(long a, double b, int c) {
        ran.append("wide;");
        return a + (long) b + c;
    }

    public static double half(double d) {
        ran.append("half;");
        return d / 2;
    }

    public static char letter() {
        ran.append("letter;");
        return 'b';
    }

    public static int[] numbers() {
        ran.append("numbers;");
        return new int[] {1, 2};
    }

    public static List<String> names() {
        ran.append("names;");
        return List.of("a", "b");
    }

    public static String fails() {
        ran.append("fails;");
        throw new IllegalStateException("the body threw");
    }

    /** A loop at the very start of the code: the original's first stack map frame is at offset 0. */
    public static int loop(int n) {
        int sum = 0;
        while (n > 0) {
            sum += n--;
        }
        ran.append("loop;");
        return sum;
    }

    public static String ungated() {
        ran.append("ungated;");
        return "ungated";
    }
}
