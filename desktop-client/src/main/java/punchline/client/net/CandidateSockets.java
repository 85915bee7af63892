package punchline.client.net;

import java.net.Socket;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sockets a punch has open (dials, accepted and relayed candidates: the TCP socket of each) and how
 * each came, so that a state change closes together those the new state does not take. The attempt
 * adds under its own lock, so no socket slips past a state change; closing is a reset, which also
 * tells the other end at once to move on.
 */
final class CandidateSockets {
    private final Map<Socket, PunchState.Kind> open = new LinkedHashMap<>();

    synchronized void add(Socket socket, PunchState.Kind kind) {
        open.put(socket, kind);
    }

    synchronized boolean contains(Socket socket) {
        return open.containsKey(socket);
    }

    /**
     * Forgets and returns, to be reset, every socket {@code next} does not take, but {@code keep}; {@code
     * keep} stays known until a final state, which forgets it too (not closed): its new owner closes it.
     */
    synchronized List<Socket> takeFor(PunchState next, Socket keep) {
        List<Socket> taken = new ArrayList<>();
        for (Iterator<Map.Entry<Socket, PunchState.Kind>> it = open.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Socket, PunchState.Kind> entry = it.next();
            boolean kept = entry.getKey() == keep;
            if (kept ? next.isFinal() : !next.takes(entry.getValue())) {
                it.remove();
                if (!kept) {
                    taken.add(entry.getKey());
                }
            }
        }
        return taken;
    }

    /** Forgets and resets {@code socket}; returns whether it was still here (false: a state change closed it). */
    boolean release(Socket socket) {
        boolean here;
        synchronized (this) {
            here = open.remove(socket) != null;
        }
        Sockets.abort(socket);
        return here;
    }
}
