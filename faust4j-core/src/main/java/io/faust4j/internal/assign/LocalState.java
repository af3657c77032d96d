package io.faust4j.internal.assign;

/** Asked by the assignor, each time its worker joins a rebalance, what the worker runs and holds locally. */
@FunctionalInterface
public interface LocalState {
    /** The worker's tasks and local changelog positions now. Called on the consumer's polling thread. */
    LocalTasks localTasks();
}
