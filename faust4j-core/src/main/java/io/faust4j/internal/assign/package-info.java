/**
 * The partition assignor, free of Kafka types: which worker runs each task (a partition number of a
 * co-partitioned topic group), which keep standby copies and warm-ups, who leads, and the binary user data
 * workers exchange through Kafka's classic group protocol. The {@code kafka://} transport adapts it to
 * Kafka's {@code ConsumerPartitionAssignor}; the {@code memory://} group can run the same code.
 *
 * <p>Start reading at {@link io.faust4j.internal.assign.Assignor} (the steps of one round), then
 * {@code BalancedTargets}, {@code ActivePlacement}, {@code StandbyPlacement} and
 * {@code CooperativeAdjustment}; the wire formats are in {@link io.faust4j.internal.assign.SubscriptionCodec}
 * and {@link io.faust4j.internal.assign.AssignmentCodec}; {@link io.faust4j.internal.assign.AssignorContext}
 * is what a worker hands its Kafka assignor.
 */
package io.faust4j.internal.assign;
