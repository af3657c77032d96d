package io.faust4j.internal.assign;

import java.util.Set;

/**
 * Where one member's tasks are served: every worker gets the routes of the whole group with its
 * assignment, so it can tell which worker owns a key's partition and forward a table request there.
 *
 * @param memberId the member's id in the group
 * @param workerId the member's stable worker id
 * @param webUrl its advertised web URL, empty when it serves none
 * @param activeTasks the tasks it runs after this round
 */
public record Route(String memberId, String workerId, String webUrl, Set<TaskId> activeTasks) {
    /** Copies the set into a sorted, unmodifiable one. */
    public Route {
        activeTasks = SubscriptionInfo.sorted(activeTasks);
    }
}
