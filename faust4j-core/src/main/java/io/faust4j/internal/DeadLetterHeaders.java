package io.faust4j.internal;

import io.faust4j.DeadLetter;
import io.faust4j.Header;
import io.faust4j.spi.ConsumedRecord;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Writes and reads the headers that say where a dead letter came from and why it failed. */
final class DeadLetterHeaders {
    private static final String P = DeadLetter.HEADER_PREFIX;
    static final String TOPIC = P + "topic";
    static final String PARTITION = P + "partition";
    static final String OFFSET = P + "offset";
    static final String TIMESTAMP = P + "timestamp";
    static final String AGENT = P + "agent";
    static final String EXCEPTION = P + "exception";
    static final String MESSAGE = P + "message";
    static final String STACK = P + "stacktrace";
    static final String ATTEMPTS = P + "attempts";
    private static final int STACK_LINES = 30;
    private static final int MAX_TEXT = 8_192;

    private DeadLetterHeaders() {
    }

    static List<Header> of(ConsumedRecord record, AgentPlan plan, Throwable error, int attempts) {
        List<Header> headers = new ArrayList<>(9 + record.headers().size());
        headers.add(text(TOPIC, record.topic()));
        headers.add(text(PARTITION, Integer.toString(record.partition())));
        headers.add(text(OFFSET, Long.toString(record.offset())));
        headers.add(text(TIMESTAMP, Long.toString(record.timestamp())));
        headers.add(text(AGENT, agentName(plan)));
        headers.add(text(EXCEPTION, error.getClass().getName()));
        headers.add(text(MESSAGE, clip(String.valueOf(error.getMessage()))));
        headers.add(text(STACK, stack(error)));
        headers.add(text(ATTEMPTS, Integer.toString(attempts)));
        headers.addAll(record.headers());
        return headers;
    }

    /** The user agent a plan belongs to: internal steps are named {@code <agent>-<step>}. */
    private static String agentName(AgentPlan plan) {
        return plan.name();
    }

    /** Reads a dead letter's headers: faust4j's by name, the rest as the record's own. */
    static DeadLetter read(ConsumedRecord letter) {
        Map<String, String> ours = new HashMap<>();
        List<Header> own = new ArrayList<>();
        for (Header header : letter.headers()) {
            if (header.key().startsWith(P)) {
                ours.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
            } else {
                own.add(header);
            }
        }
        return new DeadLetter(ours.getOrDefault(TOPIC, ""), parseInt(ours.get(PARTITION)), parseLong(ours.get(OFFSET)),
                parseLong(ours.get(TIMESTAMP)), letter.key(), letter.value(), own, ours.getOrDefault(AGENT, ""),
                ours.getOrDefault(EXCEPTION, ""), ours.getOrDefault(MESSAGE, ""), ours.getOrDefault(STACK, ""),
                parseInt(ours.get(ATTEMPTS)), letter.topic(), letter.offset());
    }

    private static Header text(String key, String value) {
        return new Header(key, value.getBytes(StandardCharsets.UTF_8));
    }

    private static String stack(Throwable error) {
        StringWriter out = new StringWriter();
        error.printStackTrace(new PrintWriter(out));
        String[] lines = out.toString().split("\n");
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < Math.min(lines.length, STACK_LINES); i++) {
            text.append(lines[i].stripTrailing()).append('\n');
        }
        if (lines.length > STACK_LINES) {
            text.append("\t... ").append(lines.length - STACK_LINES).append(" more lines\n");
        }
        return clip(text.toString());
    }

    private static String clip(String text) {
        return text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT) + "...";
    }

    private static int parseInt(String text) {
        return text == null ? -1 : Integer.parseInt(text);
    }

    private static long parseLong(String text) {
        return text == null ? -1 : Long.parseLong(text);
    }
}
