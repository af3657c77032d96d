package io.faust4j.internal.assign;

/**
 * Which worker leads, and since which election: the epoch grows by one each time the leader changes, so a
 * member that comes back with an old word of who leads cannot outvote the members that know better.
 *
 * @param workerId the leading worker's id, empty for none
 * @param epoch the election that chose it, 0 for none
 */
public record Leadership(String workerId, long epoch) {
    /** No leader known: a worker that has not been through a round yet. */
    public static final Leadership NONE = new Leadership("", 0);

    /**
     * @throws IllegalArgumentException when the epoch is negative
     */
    public Leadership {
        if (epoch < 0) {
            throw new IllegalArgumentException("Leadership epoch is " + epoch + "; expected 0 or more");
        }
    }
}
