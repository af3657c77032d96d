package io.faust4j.internal.assign;

/**
 * How far each member's local state of each task is behind the end of the task's changelogs. The member
 * that runs a task now counts as fully caught up (it is the one writing the changelog), and on a stateless
 * task every member is.
 */
final class Lags {
    private final GroupState group;
    private final long acceptable;

    Lags(GroupState group, long acceptableRecoveryLag) {
        this.group = group;
        this.acceptable = acceptableRecoveryLag;
    }

    /** Records the member would have to restore before it could run the task. */
    long lag(MemberSubscription member, TaskId task) {
        Long end = group.endOffsets().get(task);
        if (end == null || member.ran(task)) {
            return 0;
        }
        Long position = member.info().positions().get(task);
        return position == null ? end : Math.max(0, end - position);
    }

    /** Whether the member could take the task over without a long restore. */
    boolean caughtUp(MemberSubscription member, TaskId task) {
        return lag(member, task) <= acceptable;
    }
}
