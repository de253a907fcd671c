package dev.pancake.agent.admin.jmx;

import java.lang.management.ManagementFactory;

import javax.management.InstanceAlreadyExistsException;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

import dev.pancake.agent.admin.OperatorViews;
import dev.pancake.agent.background.Background;
import dev.pancake.agent.engine.Engine;
import dev.pancake.agent.engine.Reconfiguration;
import dev.pancake.agent.log.Log;

/**
 * Registers {@code dev.pancake:type=Pancake} in the platform MBean server, but only once someone
 * else has created that server: the application, a library, or the JVM's management agent when
 * JConsole or a remote JMX client connects.
 *
 * <p>Why wait: {@link ManagementFactory#getPlatformMBeanServer()} initialises
 * {@code java.util.logging.LogManager}, and servers such as WildFly install their own LogManager
 * after start-up (jboss-modules sets {@code java.util.logging.manager} in its main method). An
 * agent that creates the platform server first fixes the JDK's LogManager for good, and WildFly
 * refuses to boot. The big agents each defer for this reason: Elastic's APM agent starts its JMX
 * work when the application itself calls {@code getPlatformMBeanServer()} (it instruments that
 * method and LogManager's static initialiser); Datadog's waits 15 s, and until the LogManager
 * class loads when it detects a custom log manager; OpenTelemetry's JMX metrics wait a discovery
 * delay (a minute by default), added for WildFly. We follow Elastic's rule without instrumenting
 * the JDK: the agent's timer thread looks, a few times a second, at whether the platform server
 * exists yet, without creating it ({@link #platformServer()}). No JMX client can connect before that server exists,
 * so the MBean is there whenever anyone can look for it; a JVM that never uses JMX never pays
 * for it.
 */
public final class JmxRegistration {

    public static final String OBJECT_NAME = "dev.pancake:type=Pancake";

    /**
     * How often to look: often at first, when a console that has just attached should find the
     * MBean almost at once, then once a second for a JVM that has not used JMX by then.
     */
    static final long POLL_MS = 200;
    static final long LATER_POLL_MS = 1_000;
    static final long LATER_AFTER_MS = 60_000;

    private final Engine engine;
    private final Reconfiguration reconfiguration;
    private final OperatorViews views;
    private long started; // timer thread only

    private JmxRegistration(Engine engine, Reconfiguration reconfiguration, OperatorViews views) {
        this.engine = engine;
        this.reconfiguration = reconfiguration;
        this.views = views;
    }

    /** Starts waiting for the platform MBean server in the background; never blocks, never throws. */
    public static void start(Engine engine, Reconfiguration reconfiguration, OperatorViews views) {
        try {
            JmxRegistration r = new JmxRegistration(engine, reconfiguration, views);
            Background.after(0, "JMX registration", r.task(true));
        } catch (Throwable e) {
            Log.error("JMX: the MBean " + OBJECT_NAME + " is off: " + e);
        }
    }

    /** The next step on the timer thread: the first look, or another (a class, not a method reference: see StoreSync's tasks). */
    private Runnable task(boolean first) {
        return new Runnable() {
            @Override
            public void run() {
                if (first) {
                    begin();
                } else {
                    look();
                }
            }
        };
    }

    private void begin() {
        started = System.nanoTime();
        look();
    }

    /** One look, on the agent's timer thread; the next one is scheduled until the server exists. */
    private void look() {
        try {
            MBeanServer server = platformServer();
            if (server == null) {
                boolean early = System.nanoTime() - started < LATER_AFTER_MS * 1_000_000;
                Background.after(early ? POLL_MS : LATER_POLL_MS, "JMX registration", task(false));
                return;
            }
            register(server);
        } catch (Throwable e) {
            Log.error("JMX: the MBean " + OBJECT_NAME + " could not be registered: " + e);
        }
    }

    /**
     * The platform MBean server once someone has created it, else null; never creates it. The JDK
     * creates that server with {@link MBeanServerFactory#createMBeanServer()}, which keeps it in the
     * list that {@link MBeanServerFactory#findMBeanServer} returns, and then registers the platform's
     * MXBeans in it: the server that holds {@code java.lang:type=Runtime} is the platform's.
     */
    static MBeanServer platformServer() throws MalformedObjectNameException {
        ObjectName runtime = new ObjectName(ManagementFactory.RUNTIME_MXBEAN_NAME);
        for (MBeanServer server : MBeanServerFactory.findMBeanServer(null)) {
            if (server.isRegistered(runtime)) {
                return server;
            }
        }
        return null;
    }

    private void register(MBeanServer server) throws Exception {
        try {
            server.registerMBean(new PancakeJmx(engine, reconfiguration, views), new ObjectName(OBJECT_NAME));
            Log.debug("JMX: registered " + OBJECT_NAME);
        } catch (InstanceAlreadyExistsException e) {
            Log.warn("JMX: " + OBJECT_NAME + " is already registered (another Pancake agent in this JVM?); this one"
                    + " is not");
        }
    }
}
