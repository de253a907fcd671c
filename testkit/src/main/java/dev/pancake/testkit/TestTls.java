package dev.pancake.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away certificate authority and a server certificate it signed, for TLS tests: made with {@code openssl}
 * in a temp dir, valid for two days, for {@code 127.0.0.1} and {@code localhost}. {@link #trustStore()} is a PKCS12
 * file that trusts the authority, for a JVM's {@code -Djavax.net.ssl.trustStore}.
 */
public final class TestTls implements AutoCloseable {
    /** The password of {@link #trustStore()}. */
    public static final String TRUST_STORE_PASSWORD = "changeit";

    private final Path dir;

    private TestTls(Path dir) {
        this.dir = dir;
    }

    /** Makes the authority, the server's key and certificate, and the trust store. Needs {@code openssl}. */
    public static TestTls generate() {
        Path dir = Reaper.tempDirectory("pancake-tls-");
        try {
            Files.writeString(dir.resolve("server.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n"
                    + "basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\n"
                    + "extendedKeyUsage=serverAuth,clientAuth\n");
            openssl(dir, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                    "-keyout", "ca.key", "-out", "ca.crt", "-days", "2", "-subj", "/CN=Pancake test CA");
            openssl(dir, "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                    "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=localhost");
            openssl(dir, "x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
                    "-out", "server.crt", "-days", "2", "-extfile", "server.ext");
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            try (InputStream in = Files.newInputStream(dir.resolve("ca.crt"))) {
                trust.setCertificateEntry("pancake-test-ca", CertificateFactory.getInstance("X.509")
                        .generateCertificate(in));
            }
            try (OutputStream out = Files.newOutputStream(dir.resolve("truststore.p12"))) {
                trust.store(out, TRUST_STORE_PASSWORD.toCharArray());
            }
            return new TestTls(dir);
        } catch (IOException e) {
            Reaper.delete(dir);
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException | RuntimeException e) {
            Reaper.delete(dir);
            throw new IllegalStateException("cannot make test certificates: " + e.getMessage(), e);
        }
    }

    private static void openssl(Path dir, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("the TLS tests need openssl on the PATH (apt-get install openssl): " + e, e);
        }
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * redis-server arguments that add a TLS port (clients need not present a certificate), for
     * {@link TestRedis#start(String...)}; the plain port stays open for the test's own {@link RedisCli}.
     */
    public List<String> redisArgs(int tlsPort) {
        return List.of("--tls-port", Integer.toString(tlsPort),
                "--tls-cert-file", dir.resolve("server.crt").toString(),
                "--tls-key-file", dir.resolve("server.key").toString(),
                "--tls-ca-cert-file", dir.resolve("ca.crt").toString(),
                "--tls-auth-clients", "no");
    }

    public Path caCertificate() {
        return dir.resolve("ca.crt");
    }

    /** A PKCS12 trust store holding the authority; its password is {@value #TRUST_STORE_PASSWORD}. */
    public Path trustStore() {
        return dir.resolve("truststore.p12");
    }

    @Override
    public void close() {
        Reaper.delete(dir);
    }
}
