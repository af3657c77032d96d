package io.faust4j.spi;

import java.util.Optional;

/**
 * How a worker's group consumer joins its consumer group.
 *
 * @param groupId the consumer group (the app's effective id)
 * @param clientId the consumer's client id
 * @param instanceId the static member name (Kafka's {@code group.instance.id}); empty for a dynamic member
 * @param assignor the engine's partition-assignment context, for transports that run faust4j's own
 *     assignor (the Kafka transport); empty to use the transport's default assignment
 */
public record GroupMembership(String groupId, String clientId, String instanceId, Optional<Object> assignor) {
}
