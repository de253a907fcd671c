package dev.pancake.bench.footprint;

import java.io.IOException;

/** An application that starts, says so, and idles until its standard input closes: what the footprint is measured on. */
public final class IdleApp {

    private IdleApp() {}

    public static void main(String[] args) throws IOException {
        System.out.println("idle");
        System.out.flush();
        while (System.in.read() >= 0) {
            // idle until the benchmark closes stdin
        }
    }
}
