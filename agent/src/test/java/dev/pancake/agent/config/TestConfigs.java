package dev.pancake.agent.config;

/** pancake.yml texts for tests, parsed with no environment variables set. */
public final class TestConfigs {

    private TestConfigs() {}

    /** The configuration {@code yaml} declares; a test whose text is wrong fails with the parser's message. */
    public static Config parse(String yaml) {
        try {
            return ConfigParser.parse(yaml, "pancake.yml", name -> null);
        } catch (ConfigException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }
}
