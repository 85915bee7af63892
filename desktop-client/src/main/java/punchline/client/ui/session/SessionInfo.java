package punchline.client.ui.session;

import java.util.List;

/**
 * What a started session is connected to, for the status bar.
 *
 * @param serverAddress   the rendezvous server the client joins, "host:port"
 * @param hostedPort      the embedded server's port, or -1 when the server is elsewhere
 * @param invitations     addresses friends can join the embedded server at (empty without one)
 * @param name            the display name
 */
public record SessionInfo(String serverAddress, int hostedPort, List<String> invitations, String name) {
    public SessionInfo {
        invitations = List.copyOf(invitations);
    }

    public boolean hosting() {
        return hostedPort >= 0;
    }
}
