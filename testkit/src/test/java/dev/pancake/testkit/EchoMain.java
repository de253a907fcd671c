package dev.pancake.testkit;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Runs in a forked JVM for ForkedJvmTest: prints "ready", then echoes each stdin line as "echo: LINE"; "err: X" goes to
 * stderr, "exit N" exits with N. Arguments: "die N" exits with N at once.
 */
public final class EchoMain {
    private EchoMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("die")) {
            System.out.println("dying");
            System.exit(Integer.parseInt(args[1]));
        }
        System.out.println("ready java=" + Runtime.version().feature() + " prop=" + System.getProperty("echo.prop")
                + " env=" + System.getenv("ECHO_ENV"));
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (line.startsWith("exit ")) {
                System.exit(Integer.parseInt(line.substring(5)));
            } else if (line.startsWith("err: ")) {
                System.err.println(line.substring(5));
            } else {
                System.out.println("echo: " + line);
            }
        }
        System.out.println("eof");
    }
}
