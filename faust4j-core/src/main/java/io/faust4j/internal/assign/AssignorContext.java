package io.faust4j.internal.assign;

/**
 * Everything a worker hands its partition assignor: who the worker is, the topology's co-partitioned topic
 * groups, the assignor's knobs, and callbacks for local state, changelog ends and the outcome. A Kafka
 * consumer instantiates its assignor by class name, so the worker puts this object into the consumer's
 * properties under {@link #CONFIG_KEY} and the assignor picks it up in {@code configure}.
 *
 * @param workerId the worker's stable id, also the base of its {@code group.instance.id}
 * @param webUrl the worker's advertised web URL, empty when it serves none
 * @param topology which subscribed topics move together
 * @param config standby replicas, acceptable recovery lag and warm-up limit
 * @param localState what the worker runs and holds, asked at every join
 * @param changelogEnds the changelog end offsets, asked by the leader at every round
 * @param listener told the outcome of every round
 */
public record AssignorContext(String workerId, String webUrl, TaskTopology topology, AssignorConfig config,
        LocalState localState, ChangelogEnds changelogEnds, AssignmentListener listener) {
    /** The consumer property that carries this object (a Java object, not a string). */
    public static final String CONFIG_KEY = "faust4j.assignor.context";

    /**
     * @throws IllegalArgumentException when the worker id is empty
     */
    public AssignorContext {
        if (workerId.isEmpty()) {
            throw new IllegalArgumentException("AssignorContext workerId is empty; expected a stable worker id");
        }
    }
}
