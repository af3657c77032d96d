package io.faust4j.spi;

/**
 * All table stores of one worker, opened once at its start: where a durable store locks its data
 * directory and shares what its tables share (caches, write buffers, background threads).
 */
public interface Stores extends AutoCloseable {
    /** Opens the store of one table. */
    Store table(String name);

    /** Closes every table store and releases what the worker held (such as its data directory's lock). */
    @Override
    void close();
}
