package punchline.protocol;

/** The version a client announces in its hello. A server answers an unsupported one with an error. */
public final class ProtocolVersion {
    public static final int CURRENT = 1;
    public static final int OLDEST_SUPPORTED = 1;

    private ProtocolVersion() {
    }

    public static boolean isSupported(int version) {
        return version >= OLDEST_SUPPORTED && version <= CURRENT;
    }
}
