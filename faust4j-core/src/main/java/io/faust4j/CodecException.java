package io.faust4j;

/** A value that a codec could not encode, or bytes that it could not decode. */
public class CodecException extends Faust4jException {
    public CodecException(String message) {
        super(message);
    }

    public CodecException(String message, Throwable cause) {
        super(message, cause);
    }
}
