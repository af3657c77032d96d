package io.faust4j.cli;

/**
 * A problem the user can fix (a bad class name, a missing setting, a refused answer): the command prints its
 * message as one line and exits with a non-zero code, without a stack trace.
 */
public final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** A problem described by {@code message}, which says what is wrong and how to fix it. */
    public CliException(String message) {
        super(message);
    }

    /** A problem described by {@code message}, caused by {@code cause}. */
    public CliException(String message, Throwable cause) {
        super(message, cause);
    }
}
