package dev.pancake.agent.admin.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Map;

/**
 * Decides whether a change may go ahead: {@code Authorization: Bearer <admin.token>}.
 *
 * <p>Both tokens are hashed before they are compared with {@link MessageDigest#isEqual}, so the
 * comparison takes the same time whatever the offered token, its length included: an attacker
 * learns nothing from timing.
 */
final class BearerToken {

    enum Verdict {
        ACCEPTED,
        /** No {@code Authorization: Bearer} header: 401. */
        MISSING,
        /** A token that is not admin.token: 403. */
        WRONG,
        /** pancake.yml sets no admin.token: the page is read-only, 403. */
        NOT_CONFIGURED
    }

    private static final String SCHEME = "bearer ";

    private BearerToken() {}

    static Verdict check(String configured, String authorization) {
        return checkNamed(configured == null ? Map.of() : Map.of("admin", configured), authorization).verdict();
    }

    /** A verdict, and the name of the token that was accepted. */
    record Result(Verdict verdict, String name) {}

    /**
     * Checks the offered token against every accepted one (by name), each compared in constant
     * time and all of them every time, so neither timing nor the number of comparisons tells
     * which name came close.
     */
    static Result checkNamed(Map<String, String> accepted, String authorization) {
        if (accepted.isEmpty()) {
            return new Result(Verdict.NOT_CONFIGURED, null);
        }
        if (authorization == null || authorization.length() < SCHEME.length()
                || !authorization.substring(0, SCHEME.length()).toLowerCase(Locale.ROOT).equals(SCHEME)) {
            return new Result(Verdict.MISSING, null);
        }
        byte[] offered = sha256(authorization.substring(SCHEME.length()).trim());
        String name = null;
        for (Map.Entry<String, String> t : accepted.entrySet()) {
            if (MessageDigest.isEqual(offered, sha256(t.getValue())) && name == null) {
                name = t.getKey();
            }
        }
        return name == null ? new Result(Verdict.WRONG, null) : new Result(Verdict.ACCEPTED, name);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
