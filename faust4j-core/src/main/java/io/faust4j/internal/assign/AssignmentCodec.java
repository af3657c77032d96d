package io.faust4j.internal.assign;

import io.faust4j.TransportException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The assignment user data: the {@link AssignmentInfo} each member receives.
 *
 * <pre>
 * byte    version (1)
 * byte    flags: 1 = probing rebalance, 2 = revocations
 * string  leaderMemberId, leader worker id; varint leader epoch
 * tasks   standbyTasks, warmupTasks
 * varint  route count; per route: string memberId, workerId, webUrl; tasks activeTasks
 * </pre>
 * Strings and task sets are encoded as in {@link SubscriptionCodec}; later versions only append fields.
 */
public final class AssignmentCodec {
    /** The version this class writes. */
    public static final int VERSION = Versions.CURRENT;
    private static final String WHAT = "assignor assignment data";
    private static final int PROBING = 1;
    private static final int REVOCATIONS = 2;

    private AssignmentCodec() {
    }

    /** The bytes of {@code info}. */
    public static byte[] encode(AssignmentInfo info) {
        WireWriter out = new WireWriter();
        out.writeByte(VERSION);
        out.writeByte((info.probingRebalance() ? PROBING : 0) | (info.revocations() ? REVOCATIONS : 0));
        out.writeString(info.leaderMemberId());
        out.writeString(info.leader().workerId());
        out.writeVarLong(info.leader().epoch());
        out.writeTasks(info.standbyTasks());
        out.writeTasks(info.warmupTasks());
        out.writeVarLong(info.routes().size());
        for (Route route : info.routes()) {
            out.writeString(route.memberId());
            out.writeString(route.workerId());
            out.writeString(route.webUrl());
            out.writeTasks(route.activeTasks());
        }
        return out.toByteArray();
    }

    /**
     * Reads an assignment; the buffer's position is left unchanged.
     *
     * @throws TransportException saying what is wrong and at which byte, when the data is not an assignment
     */
    public static AssignmentInfo decode(ByteBuffer bytes) {
        WireReader in = new WireReader(bytes, WHAT);
        int version = Versions.read(in);
        int flags = in.readByte("flags");
        if ((flags & ~(PROBING | REVOCATIONS)) != 0 && version == VERSION) {
            throw in.fail("flags " + flags + " has bits version " + VERSION + " does not define");
        }
        String leaderMemberId = in.readString("leaderMemberId");
        Leadership leader = new Leadership(in.readString("leader workerId"), in.readVarLong("leader epoch"));
        Set<TaskId> standbys = in.readTasks("standbyTasks");
        Set<TaskId> warmups = in.readTasks("warmupTasks");
        if (!standbys.containsAll(warmups)) {
            throw in.fail("warmupTasks " + warmups + " are not all standby tasks");
        }
        int count = in.readCount("route count");
        List<Route> routes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            routes.add(new Route(in.readString("route memberId"), in.readString("route workerId"),
                    in.readString("route webUrl"), in.readTasks("route activeTasks")));
        }
        Versions.end(in, version);
        return new AssignmentInfo(standbys, warmups, leaderMemberId, leader,
                (flags & PROBING) != 0, (flags & REVOCATIONS) != 0, routes);
    }
}
