package punchline.server.cluster;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The Lua scripts the nodes run in Redis. Each runs atomically, so a user's entry in its node's hash
 * and the presence stream's join or leave always change together: the hashes of all nodes are exactly
 * the state the stream has described up to its last entry, which is what a (re)connecting node takes
 * as its snapshot. Keys named inside a script (other nodes' hashes) tie this to one Redis server (or
 * a primary with replicas/Sentinel), not a sharded Redis Cluster.
 */
final class Scripts {
    /** A script's text and its SHA-1, the name Redis caches it under (EVALSHA sends 40 bytes, not the text). */
    record Script(byte[] text, String sha) {
    }

    private Scripts() {
    }

    /** Adds one presence entry, trimming entries older than ARGV window (ms) by stream id. */
    private static final String PRELUDE = """
            local function presence(stream, window, op, key, room, name, node)
              local t = redis.call('TIME')
              local minid = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) - tonumber(window)
              return redis.call('XADD', stream, 'MINID', '~', string.format('%d', minid), '*',
                'op', op, 'key', key, 'room', room, 'name', name, 'node', node)
            end
            local function leave_all(stream, window, users, node)
              local entries = redis.call('HGETALL', users)
              for i = 1, #entries, 2 do
                local tab = string.find(entries[i + 1], '\\t', 1, true)
                presence(stream, window, 'leave', entries[i], string.sub(entries[i + 1], 1, tab - 1),
                  string.sub(entries[i + 1], tab + 1), node)
              end
              redis.call('DEL', users)
              return #entries / 2
            end
            """;

    /** KEYS presence, users; ARGV key, room, name, node, window, longTtl. The stream id, or nil if present. */
    static final Script JOIN = script("""
            if redis.call('HSETNX', KEYS[2], ARGV[1], ARGV[2] .. '\\t' .. ARGV[3]) == 0 then return false end
            redis.call('PEXPIRE', KEYS[2], ARGV[6])
            return presence(KEYS[1], ARGV[5], 'join', ARGV[1], ARGV[2], ARGV[3], ARGV[4])
            """);

    /** KEYS presence, users; ARGV key, node, window. The stream id, or nil if absent. */
    static final Script LEAVE = script("""
            local value = redis.call('HGET', KEYS[2], ARGV[1])
            if not value then return false end
            redis.call('HDEL', KEYS[2], ARGV[1])
            local tab = string.find(value, '\\t', 1, true)
            return presence(KEYS[1], ARGV[3], 'leave', ARGV[1], string.sub(value, 1, tab - 1),
              string.sub(value, tab + 1), ARGV[2])
            """);

    /**
     * KEYS alive, nodes, users, inbox, presence, seed, keys; ARGV node, advertise, ttl, seed, key
     * high-water mark, prefix, window, longTtl. Refreshes this node and the cluster's shared keys,
     * restores the seed and key counter if Redis lost them, and reaps dead nodes: their users leave,
     * in the stream, and their keys go. Returns {was this node missing (1/0), seed, users reaped, nodes}.
     */
    static final Script HEARTBEAT = script("""
            local missing = redis.call('EXISTS', KEYS[1]) == 0
            redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
            redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
            redis.call('SET', KEYS[6], ARGV[4], 'NX')
            if tonumber(redis.call('GET', KEYS[7]) or '0') < tonumber(ARGV[5]) then
              redis.call('SET', KEYS[7], ARGV[5])
            end
            for i = 2, 7 do redis.call('PEXPIRE', KEYS[i], ARGV[8]) end
            local reaped = 0
            for _, node in ipairs(redis.call('HKEYS', KEYS[2])) do
              if redis.call('EXISTS', ARGV[6] .. 'node:' .. node .. ':alive') == 0 then
                reaped = reaped + leave_all(KEYS[5], ARGV[7], ARGV[6] .. 'node:' .. node .. ':users', node)
                redis.call('DEL', ARGV[6] .. 'node:' .. node .. ':inbox')
                redis.call('HDEL', KEYS[2], node)
              end
            end
            return {missing and 1 or 0, redis.call('GET', KEYS[6]), reaped, redis.call('HLEN', KEYS[2])}
            """);

    /**
     * KEYS alive, nodes, users, inbox, presence, seed, keys; ARGV node, seed, block, window, longTtl.
     * A node starting: refuses an id that a live node holds, clears what a dead one of the same id left
     * (its users leave), takes the cluster's seed (ours if there is none) and a first block of keys.
     * Returns {seed, end of the key block} or an error reply.
     */
    static final Script INIT = script("""
            if redis.call('EXISTS', KEYS[1]) == 1 then
              return redis.error_reply('node id ' .. ARGV[1] .. ' is in use by a live node')
            end
            leave_all(KEYS[5], ARGV[4], KEYS[3], ARGV[1])
            redis.call('DEL', KEYS[4])
            redis.call('SET', KEYS[6], ARGV[2], 'NX')
            local last = redis.call('INCRBY', KEYS[7], ARGV[3])
            for i = 5, 7 do redis.call('PEXPIRE', KEYS[i], ARGV[5]) end
            return {redis.call('GET', KEYS[6]), tostring(last)}
            """);

    /** KEYS alive, nodes, users, inbox, presence; ARGV node, window. A node stopping: its users leave. */
    static final Script STOP = script("""
            local left = leave_all(KEYS[5], ARGV[2], KEYS[3], ARGV[1])
            redis.call('DEL', KEYS[1], KEYS[4])
            redis.call('HDEL', KEYS[2], ARGV[1])
            return left
            """);

    /**
     * KEYS nodes, presence; ARGV prefix. Who is in the cluster, and the stream id that state is as of:
     * {last id, then node, key, "room\\tname" for every user}.
     */
    static final Script SNAPSHOT = bare("""
            local out = {}
            local last = redis.call('XREVRANGE', KEYS[2], '+', '-', 'COUNT', 1)
            out[1] = (#last > 0) and last[1][1] or '0-0'
            for _, node in ipairs(redis.call('HKEYS', KEYS[1])) do
              local entries = redis.call('HGETALL', ARGV[1] .. 'node:' .. node .. ':users')
              for i = 1, #entries, 2 do
                out[#out + 1] = node
                out[#out + 1] = entries[i]
                out[#out + 1] = entries[i + 1]
              end
            end
            return out
            """);

    /**
     * KEYS the target's alive key and inbox; ARGV longTtl, then field, value, ... Appends to a live node's
     * inbox; nil when that node is gone (so no inbox of a dead node is ever made again).
     */
    static final Script SEND = bare("""
            if redis.call('EXISTS', KEYS[1]) == 0 then return false end
            local id = redis.call('XADD', KEYS[2], 'MAXLEN', '~', '10000', '*', unpack(ARGV, 2))
            redis.call('PEXPIRE', KEYS[2], ARGV[1])
            return id
            """);

    private static Script script(String body) {
        return bare(PRELUDE + body);
    }

    private static Script bare(String body) {
        byte[] text = body.getBytes(StandardCharsets.UTF_8);
        try {
            return new Script(text, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
    }
}
