package dev.pancake.agent.admin.jmx;

import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.lang.management.ManagementFactory;

import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;

import org.junit.jupiter.api.Test;

/** How the agent finds the platform MBean server without creating it. */
class JmxRegistrationTest {

    @Test
    void thePlatformServerIsTheListedOneThatHoldsTheRuntimeMxBean() throws Exception {
        MBeanServer other = MBeanServerFactory.createMBeanServer(); // listed too, but not the platform's
        try {
            MBeanServer platform = ManagementFactory.getPlatformMBeanServer();
            assertSame(platform, JmxRegistration.platformServer());
            assertNotSame(other, JmxRegistration.platformServer());
        } finally {
            MBeanServerFactory.releaseMBeanServer(other);
        }
    }
}
