package punchline.client.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.security.cert.CertificateException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import punchline.client.net.ClientEvent.Route;
import punchline.protocol.Codec;
import punchline.protocol.Endpoint;
import punchline.protocol.FrameReader;
import punchline.protocol.PeerMessage.PeerHello;
import punchline.protocol.PeerMessage.PeerProof;
import punchline.protocol.ProtocolException;
import punchline.protocol.ProtocolVersion;
import punchline.protocol.ServerMessage.Introduce;
import punchline.protocol.ServerMessage.Role;

/**
 * Authenticates one candidate connection of a punch (see docs/protocol.md, "Peer ↔ peer"):
 * peer-hello both ways in the clear (it names the session), then TLS 1.3 with both certificates pinned
 * to the introduction's fingerprints, then proof of the session token inside TLS. Returns the
 * encrypted channel or throws {@link Rejected} saying why this is not our peer.
 */
final class CandidateHandshake {
    static final int TIMEOUT_MILLIS = 5_000;

    /** The candidate answered, but it is not the peer of this punch. */
    static final class Rejected extends Exception {
        Rejected(String why) {
            super(why);
        }
    }

    private final String myKey;
    private final Identity identity;
    private final Introduce intro;
    private final byte[] token;
    private final String sessionId;

    CandidateHandshake(String myKey, Identity identity, Introduce intro, String sessionId) {
        this.myKey = myKey;
        this.identity = identity;
        this.intro = intro;
        this.token = intro.tokenBytes();
        this.sessionId = sessionId;
    }

    /**
     * Runs the handshake on {@code socket}. {@code acceptedHello} is the peer's hello when the listener
     * already read it (the acceptor answers second), or null when we dialled (we speak first).
     */
    PeerChannel run(Socket socket, PeerHello acceptedHello, Endpoint remote, Route route)
            throws IOException, Rejected {
        return run(socket, socket, acceptedHello, remote, route);
    }

    /** The same over {@code socket}, a stream running on {@code tcp} (the relay's TLS link to the server). */
    PeerChannel run(Socket socket, Socket tcp, PeerHello acceptedHello, Endpoint remote, Route route)
            throws IOException, Rejected {
        String myNonce = PeerAuth.newNonce();
        socket.setSoTimeout(TIMEOUT_MILLIS);
        socket.setTcpNoDelay(true);
        Sockets.write(socket.getOutputStream(), new PeerHello(ProtocolVersion.CURRENT, myKey, sessionId, myNonce));
        PeerHello theirs = acceptedHello;
        try {
            if (theirs == null) {
                theirs = Codec.decode(Sockets.readFrameUnbuffered(socket.getInputStream(),
                        PunchListener.FIRST_FRAME_MAX_BYTES), PeerHello.class);
            }
        } catch (ProtocolException e) {
            throw new Rejected("spoke something else: " + e.getMessage());
        }
        if (theirs.key().equals(myKey) || theirs.nonce().equals(myNonce)) {
            throw new Rejected("is ourselves");
        }
        if (!theirs.key().equals(intro.peer()) || !theirs.session().equals(sessionId)) {
            throw new Rejected("answered as " + theirs.key() + ", not " + intro.peer());
        }
        if (intro.peerFingerprint() == null) {
            throw new Rejected("has no certificate fingerprint from the server to check against");
        }
        SSLSocket tls;
        try {
            tls = PeerTls.secure(socket, identity, intro.peerFingerprint(), intro.peerId(),
                    intro.role() == Role.INITIATOR);
        } catch (SSLException e) {
            if (isCertificateProblem(e)) {
                throw new Rejected("failed the TLS handshake: its certificate is not " + intro.peerName() + "'s");
            }
            throw e;
        }
        InputStream in = tls.getInputStream();
        OutputStream out = tls.getOutputStream();
        FrameReader reader = new FrameReader(in);
        Sockets.write(out, new PeerProof(PeerAuth.proof(token, myKey, intro.peer(), myNonce, theirs.nonce())));
        PeerProof proof;
        try {
            proof = reader.read(PeerProof.class);
        } catch (ProtocolException e) {
            throw new Rejected("sent no proof: " + e.getMessage());
        }
        if (proof == null || !PeerAuth.verify(proof.proof(), token, intro.peer(), myKey, theirs.nonce(), myNonce)) {
            throw new Rejected("could not prove it knows the session token");
        }
        return new PeerChannel(tls, tcp, reader, out, remote, acceptedHello != null, route);
    }

    /**
     * Whether TLS failed over a certificate: ours refused theirs (our pinning trust manager threw a
     * {@link CertificateException}, which JSSE keeps as the cause), or JSSE said so in words.
     */
    static boolean isCertificateProblem(SSLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CertificateException || t instanceof SSLException tls && saysCertificate(tls)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether JSSE's diagnostic names a certificate: an alert the other side sent because it refused
     * ours ("Received fatal alert: bad_certificate", certificate_unknown, certificate_required, ...;
     * RFC 8446 §6.2) or a peer that presented none ("Empty client certificate chain"). JSSE's exceptions
     * carry no alert type or code, only this text, so this one check reads it.
     */
    static boolean saysCertificate(SSLException e) {
        return String.valueOf(e.getMessage()).contains("certificate");
    }
}
