package dev.pancake;

/**
 * Thrown by a gated method whose flag is inactive when its fallback is {@code throw}.
 */
public class FeatureDisabledException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String flagName;

    public FeatureDisabledException(String flagName) {
        super("feature " + flagName + " is disabled");
        this.flagName = flagName;
    }

    public FeatureDisabledException(String flagName, String message) {
        super(message);
        this.flagName = flagName;
    }

    /** The upper-case name of the inactive flag. */
    public String flagName() {
        return flagName;
    }
}
