package io.faust4j;

/**
 * Thrown by a {@link PageHandler} (or by {@link PageRequest#json}) to answer with a 4xx or 5xx status and the
 * JSON body {@code {"error": message}}; the message should name the problem and the fix.
 */
public class PageException extends Faust4jException {
    private final int status;

    /** An error answered with {@code status} (400 to 599). */
    public PageException(int status, String message) {
        super(message);
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("status must be 400..599, got " + status);
        }
        this.status = status;
    }

    /** The HTTP status to answer with. */
    public int status() {
        return status;
    }
}
