package dev.pancake.agent.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.pancake.agent.config.RedisSettings;
import dev.pancake.testkit.TestTls;

/** redis.ca-cert: a PEM authority trusted for Redis alone; a file that cannot serve says why, in one line. */
class CaCertificatesTest {

    @TempDir
    Path dir;

    private static String reason(String caCert) {
        RedisSettings settings = new RedisSettings("rediss://127.0.0.1:1/0", null, null, 100, null, null, false, caCert);
        try (Store store = Stores.open(settings)) {
            return assertThrows(StoreException.class, () -> store.get(List.of("SWITCH:pancake:X"))).getMessage();
        }
    }

    @Test
    void aPemAuthorityGivesASocketFactory() {
        try (TestTls tls = TestTls.generate()) {
            assertNotNull(CaCertificates.socketFactory(tls.caCertificate().toString()));
        }
    }

    @Test
    void aMissingOrUnreadableFileIsOneLine() throws Exception {
        assertEquals("redis.ca-cert: no file " + dir.resolve("none.pem"), reason(dir.resolve("none.pem").toString()));
        Path empty = Files.writeString(dir.resolve("empty.pem"), "");
        assertEquals("redis.ca-cert: " + empty + " holds no PEM certificate", reason(empty.toString()));
        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "-----BEGIN CERTIFICATE-----\nnot base64!\n"
                + "-----END CERTIFICATE-----\n");
        String m = reason(garbage.toString());
        assertEquals(1, m.lines().count(), m);
        assertEquals(true, m.startsWith("redis.ca-cert: cannot read " + garbage + " as PEM certificates ("), m);
    }
}
