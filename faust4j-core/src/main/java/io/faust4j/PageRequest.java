package io.faust4j;

import com.fasterxml.jackson.core.JacksonException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An HTTP request to a {@link Page}, independent of the web server that received it.
 *
 * @param method the request method (upper case)
 * @param path the decoded request path
 * @param pathParameters the values of the page path's parameters, by name without braces
 * @param query the query parameters, each with its values in order
 * @param headers the request headers, by lower-case name
 * @param body the request body (empty when there is none)
 */
public record PageRequest(String method, String path, Map<String, String> pathParameters,
                          Map<String, List<String>> query, Map<String, List<String>> headers, byte[] body) {
    /** Copies the maps so the request is a value. */
    public PageRequest {
        pathParameters = Map.copyOf(pathParameters);
        query = Map.copyOf(query);
        headers = Map.copyOf(headers);
    }

    /**
     * The value of a path parameter.
     *
     * @throws IllegalArgumentException when the page's path has no such parameter (a programming error)
     */
    public String pathParameter(String name) {
        String value = pathParameters.get(name);
        if (value == null) {
            throw new IllegalArgumentException("The page " + path + " has no path parameter {" + name + "}; it has "
                    + pathParameters.keySet());
        }
        return value;
    }

    /** The first value of a query parameter. */
    public Optional<String> queryParameter(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** The first value of a header (the name in any case). */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** The body as UTF-8 text. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /**
     * The JSON body read as {@code type}.
     *
     * @throws PageException (400) when the body is empty or is not JSON of that type, naming the problem
     */
    public <T> T json(Class<T> type) {
        if (body.length == 0) {
            throw new PageException(400, "The request has no body: send a JSON " + type.getSimpleName()
                    + " with Content-Type: application/json");
        }
        try {
            return PageJson.MAPPER.readValue(body, type);
        } catch (JacksonException e) {
            throw new PageException(400, "The request body is not a JSON " + type.getSimpleName() + ": "
                    + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new PageException(400, "The request body could not be read: " + e.getMessage());
        }
    }
}
