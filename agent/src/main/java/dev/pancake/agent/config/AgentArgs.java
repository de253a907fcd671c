package dev.pancake.agent.config;

import java.util.LinkedHashMap;
import java.util.Map;

/** The agent's argument string: {@code key=value} pairs separated by commas, such as {@code config=/etc/app/pancake.yml}. */
public final class AgentArgs {

    private AgentArgs() {}

    public static Map<String, String> parse(String args) {
        Map<String, String> out = new LinkedHashMap<>();
        if (args == null || args.isBlank()) {
            return out;
        }
        for (String part : args.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            if (eq < 0) {
                // a bare path is taken as the config file: -javaagent:pancake-agent.jar=/etc/app/pancake.yml
                out.put("config", p);
            } else {
                out.put(p.substring(0, eq).trim(), p.substring(eq + 1).trim());
            }
        }
        return out;
    }
}
