package io.faust4j.web;

import io.faust4j.Worker;
import io.faust4j.WorkerStats;
import io.faust4j.internal.LocalTables;
import io.faust4j.internal.WorkerInsight;
import io.faust4j.spi.LocalTable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The live dashboard: a self-contained page at {@code /} (no external scripts; the chart is drawn as inline SVG)
 * that polls {@code /dashboard/data} every two seconds. A sampler counts each agent's events every
 * {@value #SAMPLE_SECONDS} seconds and keeps the last {@value #SAMPLES} rates (ten minutes).
 */
final class Dashboard implements AutoCloseable {
    static final int SAMPLE_SECONDS = 2;
    static final int SAMPLES = 300;

    private final Worker worker;
    private final byte[] page;
    private final Deque<Map<String, Object>> history = new ArrayDeque<>();
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "faust4j-web-dashboard-sampler");
        thread.setDaemon(true);
        return thread;
    });
    private Map<String, Long> lastCounts = Map.of();
    private long lastNanos;

    Dashboard(Worker worker) {
        this.worker = worker;
        try (InputStream in = Dashboard.class.getResourceAsStream("dashboard.html")) {
            this.page = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        sampler.scheduleAtFixedRate(this::sample, 0, SAMPLE_SECONDS, TimeUnit.SECONDS);
    }

    WebReply page() {
        return new WebReply(200, "text/html; charset=utf-8", page, Map.of());
    }

    /** Samples each agent's event count; a count that fell (its partitions moved away) restarts from there. */
    private void sample() {
        try {
            if (!worker.isRunning()) {
                return;
            }
            Map<String, Long> counts = WorkerInsight.eventsByAgent(worker);
            long now = System.nanoTime();
            Map<String, Object> rates = new LinkedHashMap<>();
            if (lastNanos != 0) {
                double seconds = (now - lastNanos) / 1e9;
                counts.forEach((agent, count) -> rates.put(agent,
                        Math.max(0, count - lastCounts.getOrDefault(agent, count)) / seconds));
            }
            lastCounts = counts;
            lastNanos = now;
            if (!rates.isEmpty() || !counts.isEmpty()) {
                Map<String, Object> point = new LinkedHashMap<>();
                point.put("time", System.currentTimeMillis());
                point.put("rates", rates);
                synchronized (history) {
                    history.addLast(point);
                    while (history.size() > SAMPLES) {
                        history.removeFirst();
                    }
                }
            }
        } catch (RuntimeException e) {
            // the worker is starting or stopping: the next sample tries again
        }
    }

    /** The JSON the page polls. */
    WebReply data() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("app", worker.app().id());
        body.put("time", System.currentTimeMillis());
        body.put("running", worker.isRunning());
        body.put("ready", worker.isReady());
        body.put("leader", worker.isLeader());
        body.put("assignment", worker.assignedPartitions());
        WorkerStats stats = worker.stats();
        body.put("stats", stats);
        body.put("recovery", Map.of("ready", worker.isReady(), "recoveredRecords", stats.recoveredRecords(),
                "recoveryMillis", stats.recoveryMillis()));
        body.put("deadLetters", stats.deadLetters());
        synchronized (history) {
            body.put("rates", new ArrayList<>(history));
        }
        List<Map<String, Object>> partitions = new ArrayList<>();
        for (WorkerInsight.PartitionProgress p : WorkerInsight.partitions(worker)) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("agent", p.agent());
            row.put("internal", p.internal());
            row.put("topic", p.topic());
            row.put("partition", p.partition());
            row.put("position", p.position());
            row.put("end", p.end());
            row.put("lag", p.lag());
            partitions.add(row);
        }
        body.put("partitions", partitions);
        List<Map<String, Object>> tables = new ArrayList<>();
        for (LocalTable table : LocalTables.of(worker)) {
            long[] size = {0};
            table.forEachLocal((k, v) -> size[0]++);
            tables.add(Map.of("name", table.name(), "partitions", table.heldPartitions(), "size", size[0]));
        }
        body.put("tables", tables);
        return WebReply.json(200, body);
    }

    @Override
    public void close() {
        sampler.shutdownNow();
    }
}
