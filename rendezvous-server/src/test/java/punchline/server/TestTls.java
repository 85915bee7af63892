package punchline.server;

import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import punchline.common.CertifiedKey;

/** TLS for test clients: they present their key and take whatever certificate the server shows. */
final class TestTls {
    private TestTls() {
    }

    /** A TLS 1.3 client over the connected {@code socket}, presenting {@code identity}; not yet handshaken. */
    static SSLSocket clientSocket(Socket socket, CertifiedKey identity) throws IOException {
        try {
            SSLContext context = SSLContext.getInstance("TLSv1.3");
            context.init(identity.keyManagers(), new TrustManager[] {new AnyServer()}, null);
            SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(socket,
                    socket.getInetAddress().getHostAddress(), socket.getPort(), true);
            tls.setEnabledProtocols(new String[] {"TLSv1.3"});
            tls.setUseClientMode(true);
            return tls;
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    /** Tests check the server's certificate themselves where it matters. */
    private static final class AnyServer extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
