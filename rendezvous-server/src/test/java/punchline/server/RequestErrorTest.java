package punchline.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import punchline.protocol.ClientMessage.Accept;
import punchline.protocol.ClientMessage.Cancel;
import punchline.protocol.ClientMessage.Connect;
import punchline.protocol.ClientMessage.Reject;
import punchline.protocol.ErrorCode;
import punchline.protocol.Message.ErrorMessage;
import punchline.protocol.ServerMessage.Cancelled;
import punchline.protocol.ServerMessage.EndReason;
import punchline.protocol.ServerMessage.Introduce;
import punchline.protocol.ServerMessage.Rejected;
import punchline.protocol.ServerMessage.Request;
import punchline.protocol.ServerMessage.UserLeft;

/**
 * Every request that cannot be served is answered with an error naming what it is about, and the
 * connection stays open: each test ends with a ping round trip on the same socket.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RequestErrorTest {
    @RegisterExtension
    final Loopback loopback = new Loopback();

    @Test
    void anUnknownKeyIsAnUnknownUser() {
        RawClient ann = loopback.join("Ann");
        String nobody = ann.key().equals("000000") ? "000001" : "000000";

        ann.send(new Connect(nobody));
        assertEquals(nobody, ann.expectError(ErrorCode.UNKNOWN_USER).ref());
        ann.sync();
    }

    @Test
    void askingYourselfIsASelfRequest() {
        RawClient ann = loopback.join("Ann");

        ann.send(new Connect(ann.key()));
        assertEquals(ann.key(), ann.expectError(ErrorCode.SELF_REQUEST).ref());
        ann.sync();
    }

    @Test
    void answeringOrCancellingWithoutARequestIsNoPendingRequest() {
        List<RawClient> users = loopback.joinAll("lobby", "Ann", "Bob");
        RawClient ann = users.get(0);
        RawClient bob = users.get(1);

        ann.send(new Accept(bob.key()));
        assertEquals(bob.key(), ann.expectError(ErrorCode.NO_PENDING_REQUEST).ref());
        ann.send(new Reject(bob.key()));
        assertEquals(bob.key(), ann.expectError(ErrorCode.NO_PENDING_REQUEST).ref());
        ann.send(new Cancel(bob.key()));
        assertEquals(bob.key(), ann.expectError(ErrorCode.NO_PENDING_REQUEST).ref());
        ann.sync();
        bob.sync(); // Bob was not bothered
    }

    @Test
    void askingTwiceIsADuplicateRequest() {
        List<RawClient> users = loopback.joinAll("lobby", "Ann", "Bob");
        RawClient ann = users.get(0);
        RawClient bob = users.get(1);

        ann.send(new Connect(bob.key()));
        bob.expect(Request.class);
        ann.send(new Connect(bob.key()));
        assertEquals(bob.key(), ann.expectError(ErrorCode.DUPLICATE_REQUEST).ref());
        ann.sync();
        bob.sync(); // one request only

        bob.send(new Accept(ann.key()));
        ann.expect(Introduce.class); // the first request is still good
        bob.expect(Introduce.class);
    }

    @Test
    void cancellingOrAnsweringAfterTheAcceptIsAlreadyAccepted() {
        List<RawClient> users = loopback.joinAll("lobby", "Ann", "Bob");
        RawClient ann = users.get(0);
        RawClient bob = users.get(1);
        ann.send(new Connect(bob.key()));
        bob.expect(Request.class);
        bob.send(new Accept(ann.key()));
        ann.expect(Introduce.class);
        bob.expect(Introduce.class);

        ann.send(new Cancel(bob.key()));
        assertEquals(bob.key(), ann.expectError(ErrorCode.ALREADY_ACCEPTED).ref());
        bob.send(new Accept(ann.key()));
        assertEquals(ann.key(), bob.expectError(ErrorCode.ALREADY_ACCEPTED).ref());
        bob.send(new Reject(ann.key()));
        assertEquals(ann.key(), bob.expectError(ErrorCode.ALREADY_ACCEPTED).ref());
        ann.sync();
        bob.sync();
    }

    @Test
    void aUserInAnotherRoomIsUnknown() {
        RawClient ann = loopback.join("Ann", "red");
        RawClient bob = loopback.join("Bob", "blue");

        ann.send(new Connect(bob.key()));
        assertEquals(bob.key(), ann.expectError(ErrorCode.UNKNOWN_USER).ref());
        ann.sync();
        bob.sync(); // no request crossed the rooms
    }

    @Test
    void requestsBeyondTheBurstAreRateLimited() {
        loopback.start(Loopback.options().requestRate(1, 3));
        List<RawClient> users = loopback.joinAll("lobby", "Ann", "Bob");
        RawClient ann = users.get(0);
        RawClient bob = users.get(1);

        for (int i = 0; i < 3; i++) {
            ann.send(new Connect(bob.key()));
            bob.expect(Request.class);
            ann.send(new Cancel(bob.key()));
            bob.expect(Cancelled.class);
        }
        ann.send(new Connect(bob.key()));
        ErrorMessage error = ann.expectError(ErrorCode.RATE_LIMITED);
        assertEquals(bob.key(), error.ref());
        ann.sync();
        bob.sync(); // the fourth request never reached Bob
    }

    @Test
    void tooManyOpenRequestsAreRateLimited() {
        loopback.start(Loopback.options().maxPendingRequests(2));
        List<RawClient> users = loopback.joinAll("lobby", "Ann", "Bob", "Cid", "Dee");
        RawClient ann = users.get(0);

        for (RawClient target : users.subList(1, 3)) {
            ann.send(new Connect(target.key()));
            target.expect(Request.class);
        }
        RawClient dee = users.get(3);
        ann.send(new Connect(dee.key()));
        assertEquals(dee.key(), ann.expectError(ErrorCode.RATE_LIMITED).ref());
        ann.sync();
        dee.sync();
    }

    @Test
    void leavingEndsOpenRequestsInBothDirections() {
        List<RawClient> users = loopback.joinAll("lobby", "Ann", "Bob", "Cid");
        RawClient ann = users.get(0);
        RawClient bob = users.get(1);
        RawClient cid = users.get(2);
        ann.send(new Connect(bob.key()));
        bob.expect(Request.class);
        cid.send(new Connect(ann.key()));
        ann.expect(Request.class);

        ann.close();
        assertEquals(new Cancelled(ann.key(), EndReason.LEFT), bob.expect(Cancelled.class));
        assertEquals(new UserLeft(ann.key()), bob.expect(UserLeft.class));
        assertEquals(new Rejected(ann.key(), EndReason.LEFT), cid.expect(Rejected.class));
        assertEquals(new UserLeft(ann.key()), cid.expect(UserLeft.class));

        bob.send(new Accept(ann.key()));
        bob.expectError(ErrorCode.NO_PENDING_REQUEST);
        cid.send(new Cancel(ann.key()));
        cid.expectError(ErrorCode.NO_PENDING_REQUEST);
        cid.send(new Connect(ann.key()));
        cid.expectError(ErrorCode.UNKNOWN_USER);
        bob.sync();
        cid.sync();
    }
}
