package dev.pancake.agent.log;

import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.AbstractLogger;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The SLF4J provider of the agent's shaded SLF4J (Jedis logs through it). Without one, SLF4J
 * would print "No SLF4J providers were found" on the application's stderr. Jedis's warnings and
 * errors appear at the agent's debug level only: the agent reports store problems itself, once,
 * in its own words.
 */
public final class Slf4jProvider implements SLF4JServiceProvider {

    private final ILoggerFactory loggers = name -> new Forwarder(name);
    private final IMarkerFactory markers = new BasicMarkerFactory();
    private final MDCAdapter mdc = new NOPMDCAdapter();

    @Override
    public ILoggerFactory getLoggerFactory() {
        return loggers;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {
        // nothing to set up
    }

    private static final class Forwarder extends AbstractLogger {
        private static final long serialVersionUID = 1L;

        Forwarder(String name) {
            this.name = name;
        }

        private static boolean on(Level level) {
            return (level == Level.ERROR || level == Level.WARN) && Log.enabled(Log.Level.DEBUG);
        }

        @Override public boolean isTraceEnabled() { return false; }
        @Override public boolean isTraceEnabled(Marker marker) { return false; }
        @Override public boolean isDebugEnabled() { return false; }
        @Override public boolean isDebugEnabled(Marker marker) { return false; }
        @Override public boolean isInfoEnabled() { return false; }
        @Override public boolean isInfoEnabled(Marker marker) { return false; }
        @Override public boolean isWarnEnabled() { return on(Level.WARN); }
        @Override public boolean isWarnEnabled(Marker marker) { return on(Level.WARN); }
        @Override public boolean isErrorEnabled() { return on(Level.ERROR); }
        @Override public boolean isErrorEnabled(Marker marker) { return on(Level.ERROR); }

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] args,
                Throwable t) {
            if (!on(level)) {
                return;
            }
            String text = MessageFormatter.basicArrayFormat(pattern, args);
            Log.debug("(" + name + ") " + text + (t == null ? "" : ": " + t));
        }
    }

    /** Unused; keeps the type visible in stack traces as what it is. */
    static Logger logger(String name) {
        return new Forwarder(name);
    }
}
