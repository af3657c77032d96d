package io.faust4j.spi;

/** Told when an appended record is stored (with its offset) or has failed. */
@FunctionalInterface
public interface SendCallback {
    /** A callback that does nothing; failures still surface from {@link TransportProducer#flush()}. */
    SendCallback NONE = (offset, error) -> { };

    /**
     * Called once per send, on a transport thread.
     *
     * @param offset the offset the record got, or -1 when it failed
     * @param error the failure, or {@code null} on success
     */
    void onComplete(long offset, Exception error);
}
