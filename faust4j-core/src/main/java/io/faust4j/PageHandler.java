package io.faust4j;

/**
 * Answers the HTTP requests of one {@link Page}: the app's own views, served by the {@code faust4j-web}
 * module (Faust's {@code @app.page}). A handler may throw: a {@link PageException} becomes its status and a
 * JSON error, anything else a 500 with a JSON error (the stack trace goes to the log, not to the client).
 */
@FunctionalInterface
public interface PageHandler {
    /** The response to {@code request}. */
    PageResponse handle(PageRequest request) throws Exception;
}
