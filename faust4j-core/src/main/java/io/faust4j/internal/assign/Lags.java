package io.faust4j.internal.assign;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * How far each member's local state of each task is behind the end of the task's changelogs. The member
 * that runs a task now counts as fully caught up (it is the one writing the changelog), and on a stateless
 * task every member is. Asked for often in every step, so it keeps hash copies of what it reads.
 */
final class Lags {
    private final long acceptable;
    private final Map<TaskId, Long> ends;
    private final Map<String, Map<TaskId, Long>> positions = new HashMap<>();
    private final Map<String, Set<TaskId>> running = new HashMap<>();

    Lags(GroupState group, long acceptableRecoveryLag) {
        this.acceptable = acceptableRecoveryLag;
        this.ends = new HashMap<>(group.endOffsets());
        for (MemberSubscription member : group.members()) {
            positions.put(member.memberId(), new HashMap<>(member.info().positions()));
            Set<TaskId> ran = new HashSet<>(member.info().activeTasks());
            ran.addAll(member.ownedTasks());
            running.put(member.memberId(), ran);
        }
    }

    /** Records the member would have to restore before it could run the task. */
    long lag(MemberSubscription member, TaskId task) {
        Long end = ends.get(task);
        if (end == null || running.get(member.memberId()).contains(task)) {
            return 0;
        }
        Long position = positions.get(member.memberId()).get(task);
        return position == null ? end : Math.max(0, end - position);
    }

    /** Whether the member could take the task over without a long restore. */
    boolean caughtUp(MemberSubscription member, TaskId task) {
        return lag(member, task) <= acceptable;
    }
}
