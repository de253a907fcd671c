package dev.pancake.agent.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Keeps passwords out of everything the agent prints or shows. */
public final class Secrets {

    private static final Pattern USERINFO = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]*://)([^@/]*)@");

    private Secrets() {}

    /** {@code redis://user:secret@host} becomes {@code redis://user:***@host}. */
    public static String redactUrl(String url) {
        if (url == null) {
            return null;
        }
        Matcher m = USERINFO.matcher(url);
        if (!m.find()) {
            return url;
        }
        String userInfo = m.group(2);
        int colon = userInfo.indexOf(':');
        String redacted = colon < 0 ? "***" : userInfo.substring(0, colon) + ":***";
        return m.group(1) + redacted + "@" + url.substring(m.end());
    }
}
