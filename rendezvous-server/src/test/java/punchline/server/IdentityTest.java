package punchline.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.Certificate;
import java.util.List;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import punchline.common.CertifiedKey;
import punchline.protocol.ClientMessage.Hello;
import punchline.protocol.ErrorCode;
import punchline.protocol.Message.ErrorMessage;
import punchline.protocol.ProtocolVersion;
import punchline.protocol.ServerMessage.Introduce;
import punchline.protocol.ServerMessage.UserJoined;
import punchline.protocol.ServerMessage.Welcome;
import punchline.protocol.UserId;

/**
 * Who a client is: the ID of the key its TLS certificate proved, never what its hello claims; and the
 * server's own identity, kept in a file across restarts.
 */
@Timeout(30)
class IdentityTest {
    @RegisterExtension
    final Loopback loopback = new Loopback();

    @TempDir
    Path dir;

    @Test
    void aClientClaimingSomeoneElsesIdWithoutTheirKeyIsRefusedAtHello() {
        RawClient ann = loopback.join("Ann");
        RawClient mallory = loopback.connect(); // her own key, not Ann's
        mallory.send(new Hello(ProtocolVersion.CURRENT, "Ann", "lobby", List.of(mallory.localEndpoint()), null,
                ann.id()));

        ErrorMessage error = mallory.expectError(ErrorCode.ID_MISMATCH);
        assertTrue(error.message().contains("not the id of the certificate"), error.message());
        mallory.expectClosed();
        ann.sync(); // nobody joined: Ann was told nothing
    }

    @Test
    void aHelloWithoutAnIdOrWithAnotherCertificatesFingerprintIsRefused() {
        RawClient anonymous = loopback.connect();
        anonymous.send(new Hello(ProtocolVersion.CURRENT, "Anon", "lobby", List.of(anonymous.localEndpoint())));
        assertEquals("hello carries no id", anonymous.expectError(ErrorCode.ID_MISMATCH).message());
        anonymous.expectClosed();

        RawClient liar = loopback.connect();
        liar.send(new Hello(ProtocolVersion.CURRENT, "Liar", "lobby", List.of(liar.localEndpoint()),
                CertifiedKey.generate("someone").fingerprint(), liar.id()));
        liar.expectError(ErrorCode.ID_MISMATCH);
        liar.expectClosed();
    }

    @Test
    void theVerifiedIdReachesTheRoomTheRequestAndTheIntroduction() {
        RawClient ann = loopback.join("Ann");
        RawClient bob = loopback.join("Bob");
        assertEquals(ann.id(), ann.welcome().id(), "the welcome says which ID the server verified");
        assertEquals(bob.id(), ann.expect(UserJoined.class).user().id());
        assertEquals(ann.id(), bob.initialUsers().get(0).id());

        Loopback.Introduction introduction = loopback.introduce(ann, bob); // checks the request's id too
        Introduce toAnn = introduction.toRequester();
        assertEquals(bob.id(), toAnn.peerId());
        assertEquals(bob.fingerprint(), toAnn.peerFingerprint());
        assertEquals(ann.id(), introduction.toTarget().peerId());
    }

    @Test
    void aClientOfBeforeTlsIsToldInPlainTextToUpdate() {
        RawClient old = RawClient.connectPlain(loopback.server().localAddress());
        old.send(new Hello(ProtocolVersion.CURRENT, "Old", "lobby", List.of(old.localEndpoint())));
        ErrorMessage error = old.expectError(ErrorCode.UNSUPPORTED_VERSION);
        assertTrue(error.message().contains("update"), error.message());
        old.expectClosed();
    }

    @Test
    void theServersIdentityIsCreatedOnceReadableByItsUserAndKeptAcrossRestarts() throws Exception {
        Path file = dir.resolve("data/" + ServerIdentity.FILE_NAME);
        String first;
        try (RendezvousServer server = new RendezvousServer(Loopback.options().identityFile(file).build())) {
            server.start();
            first = server.fingerprint();
            assertEquals(first, presentedFingerprint(server));
        }
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
        try (RendezvousServer again = new RendezvousServer(Loopback.options().dataDir(dir.resolve("data")).build())) {
            again.start();
            assertEquals(first, again.fingerprint(), "the same identity after a restart");
            assertEquals(first, presentedFingerprint(again));
        }
        try (RendezvousServer fresh = new RendezvousServer(Loopback.options().build())) {
            fresh.start();
            assertNotEquals(first, fresh.fingerprint(), "without a file, a fresh identity (tests only)");
        }
    }

    @Test
    void anUnreadableIdentityStopsTheStartAndIsLeftAlone() throws Exception {
        Path file = dir.resolve(ServerIdentity.FILE_NAME);
        Files.writeString(file, "not a key");
        RendezvousServer server = new RendezvousServer(Loopback.options().identityFile(file).build());
        IOException refused = assertThrows(IOException.class, server::start);
        assertTrue(refused.getMessage().contains("Restore it from a backup"), refused.getMessage());
        assertEquals("not a key", Files.readString(file), "never overwritten");
    }

    @Test
    void nodesSharingTheFolderShareTheIdentity() throws Exception {
        Path file = dir.resolve(ServerIdentity.FILE_NAME);
        CertifiedKey first = ServerIdentity.loadOrCreate(file);
        assertEquals(first.fingerprint(), ServerIdentity.loadOrCreate(file).fingerprint());
        CertifiedKey other = CertifiedKey.generate("another node's");
        assertThrows(java.nio.file.FileAlreadyExistsException.class, () -> other.writeNew(file),
                "a second node never replaces the first one's file");
        assertEquals(first.fingerprint(), CertifiedKey.read(file).fingerprint());
    }

    @Test
    void theDefaultDataFolderIsSystemdsStateDirectoryElseXdgStateElseHome() {
        assertEquals(Path.of("/var/lib/punchline-server"), ServerIdentity.defaultDataDir(
                java.util.Map.of("STATE_DIRECTORY", "/var/lib/punchline-server"), "/home/x"));
        assertEquals(Path.of("/x/state/punchline-server"), ServerIdentity.defaultDataDir(
                java.util.Map.of("XDG_STATE_HOME", "/x/state"), "/home/x"));
        assertEquals(Path.of("/home/x/.local/state/punchline-server"), ServerIdentity.defaultDataDir(
                java.util.Map.of("XDG_STATE_HOME", "relative"), "/home/x"));
    }

    private static String presentedFingerprint(RendezvousServer server) {
        try (RawClient client = RawClient.connect(server.localAddress())) {
            Certificate[] chain = ((SSLSocket) client.socket()).getSession().getPeerCertificates();
            return CertifiedKey.fingerprintOf(chain[0]);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void idsAreFiftyTwoCharactersOfTheKeyAlphabetAndShowShort() {
        CertifiedKey key = CertifiedKey.generate("x");
        String id = key.id();
        assertEquals(UserId.LENGTH, id.length());
        assertTrue(UserId.isValid(id));
        assertEquals(id, UserId.of(key.certificate().getPublicKey()));
        assertEquals(19, UserId.shortForm(id).length());
        assertEquals(id, UserId.parse(UserId.readable(id).toUpperCase()));
    }
}
