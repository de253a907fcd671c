package dev.pancake.launcher;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.security.cert.Certificate;
import java.util.Collections;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Loads the agent's internals (the engine and its shaded dependencies) from the agent jar's
 * {@code inst/} folder, where classes are stored as {@code .classdata} so that no other class
 * loader can find them.
 *
 * <p>Its parent is the platform class loader: the agent sees the JDK and the bootstrap bridge,
 * never the application's classes, so an application's own Jedis, SnakeYAML, Byte Buddy or SLF4J
 * can neither replace nor clash with the agent's.
 */
final class InternalLoader extends ClassLoader {

    private static final String PREFIX = "inst/";
    /** The packages only this loader defines (the bridge is not among them: it comes from the bootstrap loader). */
    private static final String OWN = "dev.pancake.agent.";
    private static final String SHADED = "dev.pancake.shaded.";

    static {
        registerAsParallelCapable();
    }

    private final JarFile jar;
    private final ClassDataIndex index; // null: read classes through the JarFile
    private final Object spareLock = new Object();
    /** The buffer class files are read into, while no class is being defined; guarded by spareLock. */
    private ClassDataIndex.Buffer spare;
    private final String jarUrl;
    private final ProtectionDomain domain;
    private final String version;
    private final boolean bridgeInBootstrap;

    /**
     * @param bridgeInBootstrap true inside an application (the bridge must come from the bootstrap
     *                          loader, shared with the application; this loader never defines its
     *                          own copy), false for the CLI (no application to share it with)
     */
    InternalLoader(File file, boolean bridgeInBootstrap) throws IOException {
        super("pancake", ClassLoader.getPlatformClassLoader());
        this.jar = new JarFile(file, false);
        this.index = ClassDataIndex.open(file);
        this.bridgeInBootstrap = bridgeInBootstrap;
        URL location = file.toURI().toURL();
        this.jarUrl = "jar:" + location + "!/";
        this.domain = new ProtectionDomain(new CodeSource(location, (Certificate[]) null), null, this, null);
        java.util.jar.Manifest manifest = jar.getManifest();
        this.version = manifest == null ? null : manifest.getMainAttributes().getValue("Implementation-Version");
    }

    /**
     * The agent's own classes and its shaded dependencies are looked up here first: the platform
     * class loader cannot have them, and asking it first would cost an exception, stack trace
     * included, for each of the several hundred classes the agent loads.
     */
    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (!name.startsWith(OWN) && !name.startsWith(SHADED)) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                c = findClass(name);
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        if (bridgeInBootstrap && name.startsWith("dev.pancake.bridge.")) {
            throw new ClassNotFoundException(name + " must come from the bootstrap class loader");
        }
        String path = PREFIX + name.replace('.', '/') + ".classdata";
        ClassDataIndex.Buffer buffer = takeBuffer();
        try {
            byte[] bytes;
            int length;
            try {
                if (index != null) {
                    bytes = index.read(path, buffer) ? buffer.array : null;
                    length = buffer.length;
                } else {
                    bytes = readFromJar(path);
                    length = bytes == null ? 0 : bytes.length;
                }
            } catch (IOException e) {
                throw new ClassNotFoundException(name, e);
            }
            if (bytes == null) {
                throw new ClassNotFoundException(name);
            }
            definePackageOf(name);
            return defineClass(name, bytes, 0, length, domain); // the JVM copies the bytes before it loads anything else
        } finally {
            giveBack(buffer);
        }
    }

    /** The spare buffer, or a new one while it is in use (a class defined while another is, on this or another thread). */
    private ClassDataIndex.Buffer takeBuffer() {
        synchronized (spareLock) {
            ClassDataIndex.Buffer b = spare;
            spare = null;
            return b != null ? b : new ClassDataIndex.Buffer();
        }
    }

    private void giveBack(ClassDataIndex.Buffer buffer) {
        synchronized (spareLock) {
            if (spare == null || spare.array.length < buffer.array.length) {
                spare = buffer;
            }
        }
    }

    private void definePackageOf(String name) {
        int dot = name.lastIndexOf('.');
        if (dot > 0) {
            String pkg = name.substring(0, dot);
            if (getDefinedPackage(pkg) == null) {
                try {
                    definePackage(pkg, null, null, null, "Pancake agent", version, null, null);
                } catch (IllegalArgumentException raced) {
                    // another thread defined it first
                }
            }
        }
    }

    private byte[] readFromJar(String path) throws IOException {
        JarEntry entry = jar.getJarEntry(path);
        if (entry == null) {
            return null;
        }
        try (InputStream in = jar.getInputStream(entry)) {
            // the jar records each class's size: read it into one array of that size, not through
            // growing buffers (a thousand classes' worth of garbage in the application's heap)
            long size = entry.getSize();
            if (size < 0 || size >= Integer.MAX_VALUE) {
                return in.readAllBytes();
            }
            byte[] bytes = new byte[(int) size];
            if (in.readNBytes(bytes, 0, bytes.length) != bytes.length) {
                throw new IOException("truncated entry " + entry.getName());
            }
            return bytes;
        }
    }

    /** Resources, including the agent's own class files (which the transformer reads to warm up its weaver). */
    @Override
    protected URL findResource(String name) {
        String path = PREFIX + (name.endsWith(".class")
                ? name.substring(0, name.length() - ".class".length()) + ".classdata"
                : name);
        if (jar.getJarEntry(path) == null) {
            return null;
        }
        try {
            return new URL(jarUrl + path);
        } catch (MalformedURLException e) {
            return null;
        }
    }

    @Override
    protected Enumeration<URL> findResources(String name) {
        URL url = findResource(name);
        return url == null ? Collections.emptyEnumeration() : Collections.enumeration(Collections.singletonList(url));
    }
}
