package dev.pancake.it;

import java.io.IOException;
import java.io.UncheckedIOException;

import javax.management.MBeanServerConnection;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

import com.sun.tools.attach.VirtualMachine;

/**
 * A JMX connection to a forked JVM the way JConsole makes one to a local process: attach, start
 * the JVM's local management agent, connect to its RMI connector. Only JDK classes are used on
 * this side, as in any generic console.
 */
final class JmxClient implements AutoCloseable {

    static final ObjectName PANCAKE = name("dev.pancake:type=Pancake");

    private final JMXConnector connector;
    final MBeanServerConnection connection;

    private JmxClient(JMXConnector connector) throws IOException {
        this.connector = connector;
        this.connection = connector.getMBeanServerConnection();
    }

    static JmxClient attach(long pid) {
        try {
            VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
            String address;
            try {
                address = vm.startLocalManagementAgent();
            } finally {
                vm.detach();
            }
            return new JmxClient(JMXConnectorFactory.connect(new JMXServiceURL(address)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (com.sun.tools.attach.AttachNotSupportedException e) {
            throw new IllegalStateException("cannot attach to " + pid + ": " + e.getMessage(), e);
        }
    }

    /** Waits until Pancake's MBean is registered (it joins the platform server shortly after that exists). */
    JmxClient awaitPancake() {
        AdminHttp.await("the MBean " + PANCAKE + " is registered", () -> {
            try {
                return connection.isRegistered(PANCAKE);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return this;
    }

    Object get(String attribute) throws Exception {
        return connection.getAttribute(PANCAKE, attribute);
    }

    Object invoke(String operation, String... args) throws Exception {
        String[] signature = new String[args.length];
        java.util.Arrays.fill(signature, String.class.getName());
        return connection.invoke(PANCAKE, operation, args, signature);
    }

    private static ObjectName name(String text) {
        try {
            return new ObjectName(text);
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Override
    public void close() throws IOException {
        connector.close();
    }
}
