package dev.pancake.junit;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The agent jar, found on the test class path: pancake-junit depends on it
 * ({@code dev.pancake:pancake-agent:jar:agent}). It is found by a resource only the built agent
 * jar has (its classes live under {@code inst/}), not by a class: the plain, unshaded
 * pancake-agent jar has the same classes but cannot be attached.
 */
final class AgentJar {

    private static final String MARKER = "inst/dev/pancake/agent/Agent.classdata";

    private AgentJar() {}

    static Path locate() {
        URL url = AgentJar.class.getClassLoader().getResource(MARKER);
        if (url == null || !url.getProtocol().equals("jar")) {
            throw new PancakeTestException("pancake-junit cannot find the Pancake agent jar on the test class path: it comes"
                    + " with pancake-junit as the dependency dev.pancake:pancake-agent:jar:agent, which must not be excluded");
        }
        String file = url.getPath();
        try {
            return Paths.get(new URL(file.substring(0, file.indexOf("!/"))).toURI());
        } catch (java.net.MalformedURLException | URISyntaxException | RuntimeException e) {
            throw new PancakeTestException("pancake-junit cannot use the Pancake agent jar at " + url + ": " + e.getMessage());
        }
    }
}
