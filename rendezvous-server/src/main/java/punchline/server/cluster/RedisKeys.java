package punchline.server.cluster;

/** The names of everything the cluster keeps in Redis; all of them expire unless a live node renews them. */
final class RedisKeys {
    static final String PREFIX = "punchline:";
    static final String SEED = PREFIX + "seed";
    static final String KEY_COUNTER = PREFIX + "keys";
    static final String PRESENCE = PREFIX + "presence";
    static final String NODES = PREFIX + "nodes";

    private RedisKeys() {
    }

    static String alive(String node) {
        return PREFIX + "node:" + node + ":alive";
    }

    static String users(String node) {
        return PREFIX + "node:" + node + ":users";
    }

    static String inbox(String node) {
        return PREFIX + "node:" + node + ":inbox";
    }
}
