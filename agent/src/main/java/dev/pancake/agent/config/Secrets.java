package dev.pancake.agent.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Keeps passwords out of everything the agent prints or shows. */
public final class Secrets {

    // The user info runs to the LAST '@' of the URL (URLs hold no white space): a password may
    // itself hold '@' or '/', and must not leak its tail as if it were the host.
    private static final Pattern USERINFO = Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]*://)(\\S*)@");

    private Secrets() {}

    /** The password in {@code redis://user:password@host} (or {@code redis://password@host}), or null. */
    public static String urlPassword(String url) {
        Matcher m = url == null ? null : USERINFO.matcher(url);
        if (m == null || !m.lookingAt()) {
            return null;
        }
        String userInfo = m.group(2);
        return userInfo.substring(userInfo.indexOf(':') + 1);
    }

    /**
     * Every URL in {@code text} with its password replaced: {@code redis://user:secret@host} becomes
     * {@code redis://user:***@host}, {@code redis://secret@host} becomes {@code redis://***@host}.
     */
    public static String redactUrl(String text) {
        if (text == null || text.indexOf('@') < 0) {
            return text;
        }
        Matcher m = USERINFO.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        while (m.find()) {
            String userInfo = m.group(2);
            int colon = userInfo.indexOf(':');
            String redacted = colon < 0 ? "***" : userInfo.substring(0, colon) + ":***";
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + redacted + "@"));
        }
        m.appendTail(out);
        return out.toString();
    }
}
