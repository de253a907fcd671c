package dev.pancake.agent.admin.web;

import java.util.Locale;
import java.util.regex.Pattern;

import dev.pancake.agent.config.AdminSettings;

/**
 * The host names the admin page answers to: loopback names ({@code localhost}, {@code 127.x.x.x},
 * {@code [::1]}), its {@code admin.bind} address, and the names in {@code admin.hosts}. A browser
 * sends the name it looked up in its {@code Host} header, so a web site that points its own name
 * at the page's address (DNS rebinding) is refused: its name is none of these. Names are compared
 * without their port and case; nothing is looked up in DNS.
 */
final class AllowedHosts {

    private static final Pattern LOOPBACK = Pattern.compile("localhost|127(\\.\\d{1,3}){3}|0*:(0*:){0,6}0*1");

    private AllowedHosts() {}

    /** Whether a request with this {@code Host} header may be answered (no header: an HTTP/1.0 client). */
    static boolean allows(String host, AdminSettings settings) {
        if (host == null) {
            return true;
        }
        String name = name(host);
        if (name.isEmpty()) {
            return false;
        }
        if (LOOPBACK.matcher(name).matches() || name.equals(name(settings.bind()))) {
            return true;
        }
        for (String allowed : settings.hosts()) {
            if (name.equals(name(allowed))) {
                return true;
            }
        }
        return false;
    }

    /** A Host header or a configured name, lower case, without a port and without IPv6 brackets. */
    static String name(String host) {
        String name = host.trim().toLowerCase(Locale.ROOT);
        if (name.startsWith("[")) {
            int close = name.indexOf(']');
            return close < 0 ? "" : name.substring(1, close);
        }
        int colon = name.indexOf(':');
        if (colon >= 0 && colon == name.lastIndexOf(':')) {
            name = name.substring(0, colon); // name:port; an IPv6 address without brackets keeps its colons
        }
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    /** A Host header fit for one log line: quoted, at most 100 characters. */
    static String quote(String host) {
        if (host == null) {
            return "(none)";
        }
        String h = host.length() > 100 ? host.substring(0, 97) + "..." : host;
        return "\"" + h + "\"";
    }
}
