package dev.pancake.junit;

/**
 * A mistake in how a test uses Pancake (an override of a flag pancake.yml does not declare, a
 * percentage outside 0..100, a group that is not declared) or a test JVM the agent cannot run in.
 * The message says what was wrong and where; it carries no stack trace, which would only point
 * into the extension.
 */
public final class PancakeTestException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public PancakeTestException(String message) {
        super(message, null, false, false);
    }
}
