package punchline.protocol;

import com.google.gson.annotations.SerializedName;

/**
 * How a client's NAT maps its connections (RFC 4787 / 5382), as the client measured it by connecting
 * to the server's two ports from its punch port.
 */
public enum NatType {
    /** No NAT: the server sees the client's own address. */
    @SerializedName("open") OPEN,
    /** Endpoint-independent mapping: the same public port for every destination. Punchable. */
    @SerializedName("easy") EASY,
    /** A new public port per destination ("symmetric"): hole punching cannot work. */
    @SerializedName("symmetric") SYMMETRIC,
    /** Not measured (yet). */
    @SerializedName("unknown") UNKNOWN;

    /** Whether a direct connection between these two can be punched (private paths aside). */
    public static boolean canPunch(NatType mine, NatType theirs) {
        NatType a = mine == null ? UNKNOWN : mine;
        NatType b = theirs == null ? UNKNOWN : theirs;
        if (a == SYMMETRIC && b != OPEN) {
            return false;
        }
        return !(b == SYMMETRIC && a != OPEN);
    }
}
