package io.faust4j;

/**
 * Thrown by {@link Agent#ask} and its many-valued forms ({@link Agent#map}, {@link Agent#kvmap},
 * {@link Agent#join}) when a reply did not arrive within the timeout given.
 */
public class AskTimeoutException extends Faust4jException {
    public AskTimeoutException(String message) {
        super(message);
    }
}
