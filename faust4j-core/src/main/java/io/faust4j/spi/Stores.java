package io.faust4j.spi;

/**
 * All table stores of one worker, opened once at its start: where a durable store locks its data
 * directory and shares what its tables share (caches, write buffers, background threads).
 */
public interface Stores extends AutoCloseable {
    /** Opens the store of one table. */
    Store table(String name);

    /**
     * A name for this worker that stays the same across its restarts, kept in its data directory, when
     * the stores lock that directory (so no other worker can have the same name); empty otherwise.
     */
    default java.util.Optional<String> workerId() {
        return java.util.Optional.empty();
    }

    /** Closes every table store and releases what the worker held (such as its data directory's lock). */
    @Override
    void close();
}
