package io.faust4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code faust4j table <name> [key]}: reads a table through the web API of a running worker:
 * {@code GET /table/{name}/{key}} answers {@code {"table":..,"key":..,"value":..}} and {@code GET /table/{name}}
 * answers {@code {"table":..,"entries":{..}}}; an error is {@code {"error":".."}} with a 4xx or 5xx status.
 */
@Command(name = "table", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Reads a table (or one key of it) from a running worker's web server.")
final class TableCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParentCommand
    Faust4jCommand top;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "TABLE", description = "The table's name.")
    String table;

    @Parameters(index = "1", arity = "0..1", paramLabel = "KEY", description = "One key; none reads the whole table.")
    String key;

    @Option(names = "--url", paramLabel = "URL",
            description = "The worker's web server, such as http://127.0.0.1:6066; default: from the app's web_bind"
                    + " and web_port settings.")
    String url;

    @Option(names = "--token", paramLabel = "TOKEN", description = "A bearer token, when the web server asks for one.")
    String token;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10s",
            description = "How long to wait for the answer (default: ${DEFAULT-VALUE}).")
    String timeout;

    @Option(names = "--json", description = "Print the web server's JSON answer as it is.")
    boolean json;

    /** The worker this machine's settings describe: web_bind (localhost for any address) and web_port. */
    private static String defaultUrl(io.faust4j.Settings settings) {
        int port = settings.get(io.faust4j.Settings.WEB_PORT);
        if (port == 0) {
            throw new CliException("No web server address: web_port is 0 (any free port); give the worker's --url");
        }
        String host = settings.get(io.faust4j.Settings.WEB_BIND);
        String shown = host.isBlank() || host.equals("0.0.0.0") ? "localhost" : host;
        return "http://" + shown + ":" + port + "/";
    }

    @Override
    public Integer call() throws InterruptedException {
        Duration wait = WorkerCommand.parseDuration(timeout, "--timeout");
        String base = url != null ? url : defaultUrl(top.settings());
        URI uri = uri(base);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(wait).GET()
                .header("Accept", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response;
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(wait).build()) {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (ConnectException e) {
            throw new CliException("Cannot reach the worker's web server at " + base + " (connection refused): is a"
                    + " worker running there with --web-port?");
        } catch (HttpTimeoutException e) {
            throw new CliException("GET " + uri + " got no answer within " + timeout);
        } catch (IOException e) {
            throw new CliException("GET " + uri + " failed: " + Errors.message(e));
        }
        JsonNode body = parse(response, uri);
        if (response.statusCode() / 100 != 2) {
            String error = body != null && body.hasNonNull("error") ? body.get("error").asText() : response.body();
            throw new CliException("GET " + uri + " answered " + response.statusCode() + ": " + error);
        }
        print(body, response.body());
        return 0;
    }

    private URI uri(String base) {
        String root = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        String path = "/table/" + encode(table) + (key == null ? "" : "/" + encode(key));
        try {
            URI uri = URI.create(root + path);
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new IllegalArgumentException("no scheme or host");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new CliException("Invalid --url '" + base + "': expected http://host:port (" + e.getMessage() + ")");
        }
    }

    private static JsonNode parse(HttpResponse<String> response, URI uri) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            if (response.statusCode() / 100 == 2) {
                throw new CliException("GET " + uri + " answered " + response.statusCode() + " but not JSON: "
                        + abbreviate(response.body()));
            }
            return null;
        }
    }

    private void print(JsonNode body, String raw) {
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(raw);
        } else if (key != null) {
            out.println(text(body.get("value")));
        } else {
            JsonNode entries = body.path("entries");
            for (Iterator<Map.Entry<String, JsonNode>> it = entries.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                out.println(entry.getKey() + "\t" + text(entry.getValue()));
            }
        }
        out.flush();
    }

    private static String text(JsonNode node) {
        return node == null ? "null" : node.isTextual() ? node.asText() : node.toString();
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }
}
