package dev.pancake.agent.store;

/** The innermost cause of a Redis failure, in words: Jedis wraps the socket's exception, whose message alone can be cryptic. */
final class RootCause {

    private RootCause() {}

    static String message(Throwable e) {
        Throwable t = e;
        boolean tls = false;
        boolean untrusted = false;
        for (;;) {
            tls |= t instanceof javax.net.ssl.SSLException;
            untrusted |= t instanceof java.security.cert.CertPathBuilderException
                    || t instanceof java.security.cert.CertPathValidatorException;
            if (t.getCause() == null || t.getCause() == t) {
                break;
            }
            t = t.getCause();
        }
        String m = t.getMessage();
        if (tls) {
            return "TLS: " + (untrusted ? "the server's certificate is not trusted (" + m + "); trust its authority"
                    + " with redis.ca-cert or the JVM's trust store" : m == null ? t.getClass().getSimpleName() : m);
        }
        if (t instanceof java.net.UnknownHostException) {
            return "unknown host " + m;
        }
        if (t instanceof java.net.SocketTimeoutException) {
            return "no answer in time: " + m;
        }
        return m == null ? t.getClass().getSimpleName() : m;
    }
}
