package io.faust4j;

/** A failure talking to the broker: missing topics, mismatched partition counts, failed sends or commits. */
public class TransportException extends Faust4jException {
    public TransportException(String message) {
        super(message);
    }

    public TransportException(String message, Throwable cause) {
        super(message, cause);
    }
}
