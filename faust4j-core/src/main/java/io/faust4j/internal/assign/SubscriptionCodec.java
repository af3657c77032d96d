package io.faust4j.internal.assign;

import io.faust4j.TransportException;
import java.nio.ByteBuffer;

/**
 * The subscription user data: what {@link SubscriptionInfo} a worker sends when it joins.
 *
 * <pre>
 * byte    version (1)
 * string  workerId, webUrl                 (varint length, UTF-8)
 * string  knownLeader worker id; varint its epoch
 * tasks   activeTasks, standbyTasks         (varint groups; per group: name, varint count, partition gaps)
 * positions                                 (varint groups; per group: name, varint count,
 *                                            per task: varint partition gap, varint position)
 * </pre>
 * Varints are unsigned LEB128. A later version may only append fields: this reader reads the fields of
 * version 1 and skips what follows them in a later version.
 */
public final class SubscriptionCodec {
    /** The version this class writes. */
    public static final int VERSION = Versions.CURRENT;
    private static final String WHAT = "assignor subscription data";

    private SubscriptionCodec() {
    }

    /** The bytes of {@code info}. */
    public static byte[] encode(SubscriptionInfo info) {
        WireWriter out = new WireWriter();
        out.writeByte(VERSION);
        out.writeString(info.workerId());
        out.writeString(info.webUrl());
        out.writeString(info.knownLeader().workerId());
        out.writeVarLong(info.knownLeader().epoch());
        out.writeTasks(info.activeTasks());
        out.writeTasks(info.standbyTasks());
        out.writePositions(info.positions());
        return out.toByteArray();
    }

    /**
     * Reads a subscription; the buffer's position is left unchanged.
     *
     * @throws TransportException saying what is wrong and at which byte, when the data is not a subscription
     */
    public static SubscriptionInfo decode(ByteBuffer bytes) {
        WireReader in = new WireReader(bytes, WHAT);
        int version = Versions.read(in);
        String workerId = in.readString("workerId");
        if (workerId.isEmpty()) {
            throw in.fail("workerId is empty");
        }
        String webUrl = in.readString("webUrl");
        Leadership knownLeader = new Leadership(in.readString("knownLeader"), in.readVarLong("knownLeader epoch"));
        var active = in.readTasks("activeTasks");
        var standby = in.readTasks("standbyTasks");
        var positions = in.readPositions("positions");
        Versions.end(in, version);
        return new SubscriptionInfo(workerId, webUrl, active, standby, positions, knownLeader);
    }
}
