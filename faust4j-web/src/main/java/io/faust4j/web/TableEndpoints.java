package io.faust4j.web;

import io.faust4j.Worker;
import io.faust4j.internal.LocalTables;
import io.faust4j.spi.LocalTable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /table} (the table names), {@code GET /table/{name}} (the entries of the partitions this worker
 * holds) and {@code GET /table/{name}/{key}} (one key, answered by the worker that holds its partition).
 */
final class TableEndpoints {
    private final Worker worker;
    private final KeyRouter router;

    TableEndpoints(Worker worker, KeyRouter router) {
        this.worker = worker;
        this.router = router;
    }

    /** Answers a call whose first segment is {@code table}. */
    WebReply handle(WebCall call) {
        List<String> segments = call.segments();
        if (segments.size() > 3) {
            return WebReply.error(404, "No such path " + call.rawPath() + ": tables are read at /table/{name} and"
                    + " /table/{name}/{key} (a key containing '/' is sent as %2F)");
        }
        if (!call.method().equals("GET")) {
            return WebReply.error(405, "Tables are read-only over HTTP (" + call.method() + " " + call.rawPath()
                    + "): use GET; tables are written by agents, so send an event to the agent that writes it,"
                    + " or declare a page routed by the table (docs/web.md)").withHeader("Allow", "GET");
        }
        List<LocalTable> tables = LocalTables.of(worker);
        if (segments.size() == 1) {
            return WebReply.json(200, Map.of("tables", tables.stream().map(LocalTable::name).toList()));
        }
        Optional<LocalTable> found = tables.stream().filter(t -> t.name().equals(segments.get(1))).findFirst();
        if (found.isEmpty()) {
            return WebReply.error(404, "Unknown table '" + segments.get(1) + "': this app's tables are "
                    + tables.stream().map(LocalTable::name).toList());
        }
        LocalTable table = found.get();
        if (segments.size() == 2) {
            return entries(table);
        }
        String keyText = segments.get(2);
        Optional<Object> key = Keys.parse(keyText, table.keyType());
        if (key.isEmpty()) {
            return WebReply.error(400, "Key '" + keyText + "' is not a " + table.keyType().getSimpleName()
                    + ", the key type of table '" + table.name() + "': write it as " + Keys.example(table.keyType()));
        }
        return router.route(call, table, key.get(), () -> value(table, keyText, key.get()));
    }

    private WebReply entries(LocalTable table) {
        if (!worker.isReady()) {
            return KeyRouter.notReady();
        }
        Map<String, Object> entries = new LinkedHashMap<>();
        table.forEachLocal((k, v) -> entries.put(keyText(k), v));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("table", table.name());
        body.put("partitions", table.heldPartitions());
        body.put("entries", entries);
        return WebReply.json(200, body);
    }

    private static WebReply value(LocalTable table, String keyText, Object key) {
        Optional<Object> value = table.find(key).or(table::defaultValue);
        if (value.isEmpty()) {
            return WebReply.error(404, "Table '" + table.name() + "' has no value for key '" + keyText
                    + "' (and no default)");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("table", table.name());
        body.put("key", keyText);
        body.put("value", value.get());
        return WebReply.json(200, body);
    }

    /** A key as an entry name: its text for strings and numbers, else its JSON. */
    static String keyText(Object key) {
        if (key instanceof String || key instanceof Number || key instanceof Boolean || key instanceof java.util.UUID) {
            return key.toString();
        }
        if (key instanceof byte[] bytes) {
            return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        }
        return new String(Json.bytes(key), java.nio.charset.StandardCharsets.UTF_8);
    }
}
