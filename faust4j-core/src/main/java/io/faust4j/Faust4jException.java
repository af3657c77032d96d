package io.faust4j;

/**
 * The root of every exception faust4j throws: unchecked, with a message that names the problem and
 * the fix.
 */
public class Faust4jException extends RuntimeException {
    public Faust4jException(String message) {
        super(message);
    }

    public Faust4jException(String message, Throwable cause) {
        super(message, cause);
    }
}
