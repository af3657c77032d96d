package io.faust4j.internal.assign;

/**
 * The assignor's knobs, as in Kafka Streams' KIP-441.
 *
 * @param standbyReplicas how many standby copies each stateful task keeps on other workers
 * @param acceptableRecoveryLag a member whose changelog position is at most this far behind the end
 *        counts as caught up: it may take a task over without stopping it for a long restore
 * @param maxWarmupReplicas how many warm-up replicas (standbys placed on a task's future owner so it can
 *        catch up before the handover) may exist in the whole group at once
 */
public record AssignorConfig(int standbyReplicas, long acceptableRecoveryLag, int maxWarmupReplicas) {
    /** Kafka Streams' defaults: no standbys, 10,000 records of acceptable lag, two warm-ups at a time. */
    public static final AssignorConfig DEFAULT = new AssignorConfig(0, 10_000, 2);

    /**
     * @throws IllegalArgumentException naming the bad value
     */
    public AssignorConfig {
        if (standbyReplicas < 0) {
            throw new IllegalArgumentException("standbyReplicas is " + standbyReplicas + "; expected 0 or more");
        }
        if (acceptableRecoveryLag < 0) {
            throw new IllegalArgumentException(
                    "acceptableRecoveryLag is " + acceptableRecoveryLag + "; expected 0 or more");
        }
        if (maxWarmupReplicas < 1) {
            throw new IllegalArgumentException(
                    "maxWarmupReplicas is " + maxWarmupReplicas + "; expected 1 or more");
        }
    }
}
