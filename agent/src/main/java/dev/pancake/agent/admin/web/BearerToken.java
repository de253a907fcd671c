package dev.pancake.agent.admin.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

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
        if (configured == null) {
            return Verdict.NOT_CONFIGURED;
        }
        if (authorization == null || authorization.length() < SCHEME.length()
                || !authorization.substring(0, SCHEME.length()).toLowerCase(Locale.ROOT).equals(SCHEME)) {
            return Verdict.MISSING;
        }
        String offered = authorization.substring(SCHEME.length()).trim();
        return MessageDigest.isEqual(sha256(offered), sha256(configured)) ? Verdict.ACCEPTED : Verdict.WRONG;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
