package punchline.common;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * A JSSE trust manager that is one check: whoever the other side is, only {@link #check} decides (pinning
 * by fingerprint or key, not certificate authorities). {@code serverSide} says which side we are: the
 * other side's role is refused outright.
 */
public abstract class TrustCheck extends X509ExtendedTrustManager {
    private final boolean serverSide;

    /** {@code serverSide}: we are the TLS server and check clients; else the client checking the server. */
    protected TrustCheck(boolean serverSide) {
        this.serverSide = serverSide;
    }

    /** Accepts the other side's {@code chain} or throws saying why not. */
    protected abstract void check(X509Certificate[] chain) throws CertificateException;

    private void client(X509Certificate[] chain) throws CertificateException {
        if (!serverSide) {
            throw new CertificateException("this side checks servers, not clients");
        }
        check(chain);
    }

    private void server(X509Certificate[] chain) throws CertificateException {
        if (serverSide) {
            throw new CertificateException("this side checks clients, not servers");
        }
        check(chain);
    }

    @Override
    public final void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        client(chain);
    }

    @Override
    public final void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        client(chain);
    }

    @Override
    public final void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        client(chain);
    }

    @Override
    public final void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        server(chain);
    }

    @Override
    public final void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        server(chain);
    }

    @Override
    public final void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        server(chain);
    }

    @Override
    public final X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
