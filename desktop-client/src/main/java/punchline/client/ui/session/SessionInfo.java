package punchline.client.ui.session;

import java.util.List;

/**
 * What a started session is connected to, for the status bar and the "About you" dialog.
 *
 * @param serverAddress   the rendezvous server the client joins, "host:port"
 * @param hostedPort      the embedded server's port, or -1 when the server is elsewhere
 * @param invitations     addresses friends can join the embedded server at, the primary one first
 *                        (empty without one)
 * @param name            the display name
 * @param fingerprint     our certificate's fingerprint, which peers pin
 * @param identityProblem why the identity is a temporary one (the saved one could not be used), or null
 * @param natFixed        the NAT type was given on the command line, not measured
 */
public record SessionInfo(String serverAddress, int hostedPort, List<String> invitations, String name,
                          String fingerprint, String identityProblem, boolean natFixed) {
    public SessionInfo {
        invitations = List.copyOf(invitations);
    }

    public boolean hosting() {
        return hostedPort >= 0;
    }
}
