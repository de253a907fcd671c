package dev.pancake.agent.log;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;

/**
 * Keeps passwords and tokens out of everything the agent prints or shows, with two rules that do
 * not depend on each other:
 *
 * <ul>
 *   <li>Known secrets: every password and token read from pancake.yml (after {@code ${VAR}}
 *       expansion) is remembered, as written, without surrounding white space, and %-decoded, and
 *       every occurrence is replaced by {@code ***} in whatever is shown. This holds for text that is
 *       not a URL at all, a URL that cannot be parsed, and messages of exceptions that quote one.</li>
 *   <li>URLs: the user info of every {@code scheme://user:password@host} is redacted even when the
 *       password is not known (a URL in a message of Jedis or of the JDK).</li>
 * </ul>
 *
 * Secrets of fewer than {@value #MIN_LENGTH} characters are not searched for in free text (they would
 * blank out ordinary words); they are still never printed where the agent itself places them.
 */
public final class Secrets {

    public static final int MIN_LENGTH = 4;
    /** Old passwords stay hidden after a reload; the bound keeps a config rewritten in a loop from growing it. */
    private static final int MAX_KNOWN = 256;
    private static final Pattern SCHEME = Pattern.compile("[a-zA-Z][a-zA-Z0-9+.-]*://");
    private static final String MASK = "***";

    /** Oldest first; guarded by the class. */
    private static final Set<String> REMEMBERED = new LinkedHashSet<>();
    /** The same, longest first, so that a secret is replaced whole before any shorter one it contains. */
    private static volatile String[] known = new String[0];

    private Secrets() {}

    /** Remembers a password or token so that {@link #scrub} hides it from then on. */
    public static void remember(String secret) {
        if (secret == null) {
            return;
        }
        Set<String> variants = new LinkedHashSet<>();
        for (String s : new String[] {secret, percentDecoded(secret)}) {
            variants.add(s);
            variants.add(s.strip());
        }
        add(variants);
    }

    /** Remembers the password of a Redis URL (whatever the URL looks like otherwise). */
    public static void rememberUrl(String url) {
        remember(urlPassword(url));
    }

    private static synchronized void add(Set<String> variants) {
        for (String v : variants) {
            if (v.length() >= MIN_LENGTH && !v.isBlank()) {
                REMEMBERED.remove(v); // remembered again: the newest
                REMEMBERED.add(v);
            }
        }
        Iterator<String> oldest = REMEMBERED.iterator();
        while (REMEMBERED.size() > MAX_KNOWN) {
            oldest.next();
            oldest.remove();
        }
        String[] next = REMEMBERED.toArray(new String[0]);
        Arrays.sort(next, Comparator.comparingInt(String::length).reversed());
        known = next;
    }

    /** {@code text} with every known secret and every URL's user info replaced by {@code ***}. */
    public static String scrub(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String secret : known) {
            if (out.contains(secret)) {
                out = out.replace(secret, MASK);
            }
        }
        return redactUrl(out);
    }

    /**
     * The password in {@code redis://user:password@host} (or {@code redis://password@host}), or null:
     * the user info runs from the scheme (or the start) to the last '@', so a password may hold
     * '@', '/', ':', white space or anything else, and need not be a valid URL.
     */
    public static String urlPassword(String url) {
        if (url == null) {
            return null;
        }
        int at = url.lastIndexOf('@');
        if (at < 0) {
            return null;
        }
        String userInfo = url.substring(userInfoStart(url, at), at);
        return userInfo.substring(userInfo.indexOf(':') + 1);
    }

    /**
     * A Redis URL as it may be shown: {@code redis://user:secret@host} becomes
     * {@code redis://user:***@host}, {@code redis://secret@host} becomes {@code redis://***@host},
     * however malformed the rest is.
     */
    public static String describeUrl(String url) {
        if (url == null) {
            return null;
        }
        int at = url.lastIndexOf('@');
        if (at < 0) {
            return scrub(url);
        }
        int start = userInfoStart(url, at);
        String userInfo = url.substring(start, at);
        int colon = userInfo.indexOf(':');
        String user = colon < 0 ? "" : userInfo.substring(0, colon + 1);
        return scrub(url.substring(0, start) + user + MASK + url.substring(at));
    }

    private static int userInfoStart(String url, int at) {
        int scheme = url.indexOf("://");
        return scheme >= 0 && scheme + 3 <= at ? scheme + 3 : 0;
    }

    /**
     * Every URL in {@code text} with its user info's password replaced: the user info of a URL
     * runs to the last '@' before the next URL, white space included (over-redacting is safe; a
     * password shown is not).
     */
    public static String redactUrl(String text) {
        if (text == null || text.indexOf('@') < 0) {
            return text;
        }
        List<MatchResult> schemes = SCHEME.matcher(text).results().toList();
        StringBuilder out = new StringBuilder(text.length());
        int copied = 0;
        for (int i = 0; i < schemes.size(); i++) {
            int start = schemes.get(i).end();
            int end = i + 1 < schemes.size() ? schemes.get(i + 1).start() : text.length();
            int at = text.lastIndexOf('@', end - 1);
            if (at < start) {
                continue;
            }
            String userInfo = text.substring(start, at);
            int colon = userInfo.indexOf(':');
            out.append(text, copied, start).append(colon < 0 ? "" : userInfo.substring(0, colon + 1)).append(MASK);
            copied = at;
        }
        return out.append(text, copied, text.length()).toString();
    }

    /** %XX escapes decoded as UTF-8; an invalid escape is kept as it is. */
    public static String percentDecoded(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
        byte[] raw = s.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < raw.length; i++) {
            int hi = i + 2 < raw.length && raw[i] == '%' ? Character.digit(raw[i + 1], 16) : -1;
            int lo = hi < 0 ? -1 : Character.digit(raw[i + 2], 16);
            if (lo >= 0) {
                bytes.write(hi * 16 + lo);
                i += 2;
            } else {
                bytes.write(raw[i]);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
