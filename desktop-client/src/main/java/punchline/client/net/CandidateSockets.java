package punchline.client.net;

import java.net.Socket;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The sockets a punch has open (dials, accepted and relayed candidates: the TCP socket of each), so
 * that a state change closes them together. The attempt adds under its own lock, so no socket slips
 * past a state change; closing is a reset, which also tells the other end at once to move on.
 */
final class CandidateSockets {
    private final Set<Socket> open = new LinkedHashSet<>();

    synchronized void add(Socket socket) {
        open.add(socket);
    }

    synchronized boolean contains(Socket socket) {
        return open.contains(socket);
    }

    /**
     * Forgets every socket but {@code keep} and returns them, to be reset; {@code keep} is forgotten
     * too (not closed) when {@code keepToo}: from then on its new owner closes it.
     */
    synchronized List<Socket> takeAllBut(Socket keep, boolean keepToo) {
        boolean kept = keep != null && !keepToo && open.contains(keep);
        List<Socket> taken = new ArrayList<>(open);
        taken.remove(keep);
        open.clear();
        if (kept) {
            open.add(keep);
        }
        return taken;
    }

    /** Forgets and resets {@code socket}; returns whether it was still here (false: a state change closed it). */
    boolean release(Socket socket) {
        boolean here;
        synchronized (this) {
            here = open.remove(socket);
        }
        Sockets.abort(socket);
        return here;
    }
}
