package punchline.server;

import java.util.Random;

/** Bytes for relay tests: arbitrary binary, every byte value and many newlines, reproducible by seed. */
final class Payloads {
    static final int KIB = 1024;
    static final int MIB = 1024 * KIB;

    private Payloads() {
    }

    static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
