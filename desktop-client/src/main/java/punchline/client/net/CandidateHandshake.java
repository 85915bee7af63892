package punchline.client.net;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.security.cert.CertificateException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import punchline.client.net.ClientEvent.Route;
import punchline.protocol.Codec;
import punchline.protocol.Endpoint;
import punchline.protocol.FrameReader;
import punchline.protocol.PeerMessage.Chosen;
import punchline.protocol.PeerMessage.PeerHello;
import punchline.protocol.PeerMessage.PeerProof;
import punchline.protocol.ProtocolException;
import punchline.protocol.ServerMessage.Introduce;
import punchline.protocol.ServerMessage.Role;

/**
 * Authenticates one candidate connection of a punch (docs/protocol.md, "Peer ↔ peer") in one TLS 1.3
 * round trip, nothing waiting that need not. Both sides send {@code peer-hello} in the clear at once (the
 * acceptor once it has read the dialer's, which names the punch). The initiator (the TLS client)
 * sends its ClientHello right behind its hello; the responder, once it has the initiator's nonce, sends
 * its {@code peer-proof} in the clear, then its TLS flight; the initiator checks both clear frames as they
 * arrive ({@link PeerPreface}), so TLS completes only with a peer that knows the token and holds the
 * pinned key. The initiator's proof and {@code chosen} then ride as its first application data, right
 * behind its Finished ({@link Authenticated#commit}); the responder checks the proof on every candidate.
 * Throws {@link Rejected} saying why a candidate is not our peer.
 */
final class CandidateHandshake {
    static final int TIMEOUT_MILLIS = 5_000;
    /** The peer protocol this client speaks (version 1 sent hellos one after the other, proofs inside TLS). */
    static final int PEER_VERSION = 2;

    /** The candidate answered, but it is not the peer of this punch. */
    static final class Rejected extends Exception {
        Rejected(String why) {
            super(why);
        }
    }

    /**
     * A candidate that passed: its channel, and for the initiator the frames that commit to it (our proof
     * and {@code chosen}, written together once the punch picks it), else null.
     */
    record Authenticated(PeerChannel channel, byte[] commit) {
    }

    private final String myKey;
    private final PeerTls tls;
    private final Introduce intro;
    private final byte[] token;
    private final String sessionId;
    private final PeerTls.Pin pin;

    CandidateHandshake(String myKey, PeerTls tls, Introduce intro, String sessionId) {
        this.myKey = myKey;
        this.tls = tls;
        this.intro = intro;
        this.token = intro.tokenBytes();
        this.sessionId = sessionId;
        this.pin = intro.peerFingerprint() == null ? null : new PeerTls.Pin(intro.peerFingerprint(), intro.peerId());
    }

    /**
     * Runs the handshake on {@code socket}. {@code acceptedHello} is the peer's hello when the listener
     * already read it, or null when we dialled (it is still to come).
     */
    Authenticated run(Socket socket, PeerHello acceptedHello, Endpoint remote, Route route)
            throws IOException, Rejected {
        return run(socket, socket, acceptedHello, remote, route);
    }

    /** The same over {@code socket}, a stream running on {@code tcp} (the relay's TLS link to the server). */
    Authenticated run(Socket socket, Socket tcp, PeerHello acceptedHello, Endpoint remote, Route route)
            throws IOException, Rejected {
        String myNonce = PeerAuth.newNonce();
        socket.setSoTimeout(TIMEOUT_MILLIS);
        socket.setTcpNoDelay(true);
        if (acceptedHello != null) {
            check(acceptedHello, myNonce);
        }
        if (pin == null) {
            throw new Rejected("has no certificate fingerprint from the server to check against");
        }
        PeerHello mine = new PeerHello(PEER_VERSION, myKey, sessionId, myNonce);
        return intro.role() == Role.INITIATOR ? asClient(socket, tcp, mine, acceptedHello, remote, route)
                : asServer(socket, tcp, mine, acceptedHello, remote, route);
    }

    /** Initiator: hello and ClientHello at once; the responder's hello and proof are checked on the way in. */
    private Authenticated asClient(Socket socket, Socket tcp, PeerHello mine, PeerHello acceptedHello, Endpoint remote,
                                   Route route) throws IOException, Rejected {
        Sockets.write(socket.getOutputStream(), mine);
        PeerPreface preface = new PeerPreface(socket.getInputStream(), acceptedHello, new PeerPreface.Checks() {
            @Override
            public void hello(PeerHello hello) throws PeerPreface.Refused {
                try {
                    check(hello, mine.nonce());
                } catch (Rejected e) {
                    throw new PeerPreface.Refused(e.getMessage());
                }
            }

            @Override
            public void proof(PeerHello hello, PeerProof proof) throws PeerPreface.Refused {
                if (!PeerAuth.verify(proof.proof(), token, intro.peer(), myKey, hello.nonce(), mine.nonce())) {
                    throw new PeerPreface.Refused("could not prove it knows the session token");
                }
            }
        });
        SSLSocket secured = secure(socket, preface, true);
        if (!preface.passed()) {
            throw new Rejected("finished TLS without proving it knows the session token");
        }
        PeerProof proof = new PeerProof(PeerAuth.proof(token, myKey, intro.peer(), mine.nonce(),
                preface.hello().nonce()));
        byte[] commit = concat(Codec.encode(proof), Codec.encode(new Chosen()));
        return new Authenticated(channel(secured, tcp, remote, acceptedHello != null, route), commit);
    }

    /** Responder: hello, the initiator's hello, our proof in the clear, TLS, then the initiator's proof. */
    private Authenticated asServer(Socket socket, Socket tcp, PeerHello mine, PeerHello acceptedHello, Endpoint remote,
                                   Route route) throws IOException, Rejected {
        OutputStream out = socket.getOutputStream();
        PeerHello theirs = acceptedHello;
        if (theirs == null) {
            Sockets.write(out, mine);
            theirs = readHello(socket);
            check(theirs, mine.nonce());
        }
        PeerProof proof = new PeerProof(PeerAuth.proof(token, myKey, intro.peer(), mine.nonce(), theirs.nonce()));
        if (acceptedHello != null) {
            out.write(concat(Codec.encode(mine), Codec.encode(proof))); // one segment
            out.flush();
        } else {
            Sockets.write(out, proof);
        }
        SSLSocket secured = secure(socket, null, false);
        PeerChannel channel = channel(secured, tcp, remote, acceptedHello != null, route);
        PeerProof theirProof;
        try {
            theirProof = channel.reader().read(PeerProof.class);
        } catch (ProtocolException e) {
            throw new Rejected("sent no proof: " + e.getMessage());
        }
        if (theirProof == null) {
            throw new java.io.EOFException("closed before its proof"); // another candidate won
        }
        if (!PeerAuth.verify(theirProof.proof(), token, intro.peer(), myKey, theirs.nonce(), mine.nonce())) {
            throw new Rejected("could not prove it knows the session token");
        }
        return new Authenticated(channel, null);
    }

    private PeerHello readHello(Socket socket) throws IOException, Rejected {
        try {
            return Codec.decode(Sockets.readFrameUnbuffered(socket.getInputStream(),
                    PunchListener.FIRST_FRAME_MAX_BYTES), PeerHello.class);
        } catch (ProtocolException e) {
            throw new Rejected("spoke something else: " + e.getMessage());
        }
    }

    /** Whether {@code theirs} is the peer of this punch (not a stranger, not ourselves, not an old client). */
    private void check(PeerHello theirs, String myNonce) throws Rejected {
        if (theirs.key().equals(myKey) || theirs.nonce().equals(myNonce)) {
            throw new Rejected("is ourselves");
        }
        if (!theirs.key().equals(intro.peer()) || !theirs.session().equals(sessionId)) {
            throw new Rejected("answered as " + theirs.key() + ", not " + intro.peer());
        }
        if (theirs.version() != PEER_VERSION) {
            throw new Rejected("speaks peer protocol version " + theirs.version() + ", not " + PEER_VERSION
                    + " (one of you runs an older Punchline)");
        }
    }

    private SSLSocket secure(Socket socket, PeerPreface preface, boolean client) throws IOException, Rejected {
        try {
            return tls.secure(socket, preface, pin, client);
        } catch (SSLException e) {
            PeerPreface.Refused refused = refusalIn(e);
            if (refused != null) {
                throw new Rejected(refused.getMessage());
            }
            if (isCertificateProblem(e)) {
                throw new Rejected("failed the TLS handshake: its certificate is not " + intro.peerName() + "'s");
            }
            throw e;
        } catch (PeerPreface.Refused e) {
            throw new Rejected(e.getMessage());
        }
    }

    private static PeerPreface.Refused refusalIn(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof PeerPreface.Refused refused) {
                return refused;
            }
        }
        return null;
    }

    private static PeerChannel channel(SSLSocket secured, Socket tcp, Endpoint remote, boolean accepted,
                                       Route route) throws IOException {
        return new PeerChannel(secured, tcp, new FrameReader(secured.getInputStream()), secured.getOutputStream(),
                remote, accepted, route);
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = new byte[first.length + second.length];
        System.arraycopy(first, 0, both, 0, first.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
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
