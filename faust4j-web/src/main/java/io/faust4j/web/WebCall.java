package io.faust4j.web;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP request as the dispatcher sees it, independent of Helidon.
 *
 * @param method the method, upper case
 * @param rawPath the path as sent (percent-encoded)
 * @param segments the path's segments, each percent-decoded
 * @param rawQuery the query string as sent, without '?', or empty
 * @param query the decoded query parameters
 * @param headers the headers by lower-case name
 * @param body the body, read up to the size limit
 */
record WebCall(String method, String rawPath, List<String> segments, String rawQuery,
               Map<String, List<String>> query, Map<String, List<String>> headers, byte[] body) {

    Optional<String> header(String lowerCaseName) {
        List<String> values = headers.get(lowerCaseName);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    Optional<String> queryParameter(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** The path and query to send on to another worker. */
    String pathAndQuery() {
        return rawQuery.isEmpty() ? rawPath : rawPath + "?" + rawQuery;
    }
}
