package dev.pancake.agent.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * {@code redis.ca-cert}: the authorities (a PEM file, as redis-server's {@code tls-ca-cert-file})
 * that Redis connections trust, instead of the JVM's trust store. The application's own TLS is left
 * alone: nothing JVM-wide is changed.
 */
final class CaCertificates {

    private CaCertificates() {}

    /** A socket factory that trusts exactly the certificates in {@code pemFile}. Throws IllegalArgumentException saying why not. */
    static SSLSocketFactory socketFactory(String pemFile) {
        Collection<? extends Certificate> certificates;
        try (InputStream in = Files.newInputStream(Path.of(pemFile))) {
            certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("redis.ca-cert: no file " + pemFile);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException("redis.ca-cert: cannot read " + pemFile + " as PEM certificates ("
                    + e.getMessage() + ")");
        }
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("redis.ca-cert: " + pemFile + " holds no PEM certificate");
        }
        try {
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            int n = 0;
            for (Certificate c : certificates) {
                trusted.setCertificateEntry("ca-" + n++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context.getSocketFactory();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("redis.ca-cert: cannot use the certificates of " + pemFile + " ("
                    + e.getMessage() + ")");
        }
    }
}
