package punchline.client.ui;

import java.net.InetAddress;
import punchline.client.ui.settings.Settings;
import punchline.protocol.NatType;

/**
 * What the command line chose for this run only: never saved, and stronger than the settings. Each is
 * null (or 0) when not given.
 *
 * @param name      {@code --name}: the display name
 * @param server    {@code --server}: join this server instead of the saved choice (hosting included)
 * @param room      {@code --room}
 * @param bind      {@code --bind}: the local address to connect from; a hosted server is joined there too
 * @param nat       {@code --nat}: skip the NAT measurement and take this type
 * @param localPort {@code --local-port}: the port to register and punch from, 0 for any
 */
public record RunOverrides(String name, String server, String room, InetAddress bind, NatType nat, int localPort) {
    public static final RunOverrides NONE = new RunOverrides(null, null, null, null, null, 0);

    /** Whether the name or the server differ from what the settings say. */
    public boolean overridesSettings() {
        return name != null || server != null;
    }

    /** The settings this run uses: the saved ones with the command line's name and server on top. */
    public Settings applyTo(Settings saved) {
        return new Settings(name != null ? name : saved.name(), server == null && saved.hostServer(),
                saved.hostPort(), server != null ? server : saved.server());
    }

    public RunOverrides withBind(InetAddress value) {
        return new RunOverrides(name, server, room, value, nat, localPort);
    }

    public RunOverrides withNat(NatType value) {
        return new RunOverrides(name, server, room, bind, value, localPort);
    }

    public RunOverrides withName(String value) {
        return new RunOverrides(value, server, room, bind, nat, localPort);
    }

    public RunOverrides withServer(String value) {
        return new RunOverrides(name, value, room, bind, nat, localPort);
    }
}
