package io.faust4j.internal.assign;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes the assignor's binary encoding: unsigned LEB128 varints, strings as a varint length plus UTF-8,
 * and task sets grouped by topic group with delta-coded partitions. {@link WireReader} reads it back.
 */
final class WireWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(64);

    void writeByte(int value) {
        out.write(value);
    }

    void writeVarLong(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("Cannot encode " + value + ": expected 0 or more");
        }
        long rest = value;
        while ((rest & ~0x7FL) != 0) {
            out.write((int) (rest & 0x7F) | 0x80);
            rest >>>= 7;
        }
        out.write((int) rest);
    }

    void writeString(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        writeVarLong(bytes.length);
        out.writeBytes(bytes);
    }

    /** Groups, each with its name, a count and its partitions ascending as gaps from the previous one. */
    void writeTasks(Collection<TaskId> tasks) {
        Map<String, List<Integer>> byGroup = new TreeMap<>();
        for (TaskId task : tasks) {
            byGroup.computeIfAbsent(task.group(), g -> new ArrayList<>()).add(task.partition());
        }
        writeVarLong(byGroup.size());
        byGroup.forEach((group, partitions) -> {
            partitions.sort(null);
            writeString(group);
            writeVarLong(partitions.size());
            int previous = 0;
            for (int partition : partitions) {
                writeVarLong(partition - previous);
                previous = partition;
            }
        });
    }

    /** Groups, each with its name, a count and (partition gap, position) pairs. */
    void writePositions(Map<TaskId, Long> positions) {
        Map<String, Map<Integer, Long>> byGroup = new TreeMap<>();
        positions.forEach((task, position) ->
                byGroup.computeIfAbsent(task.group(), g -> new TreeMap<>()).put(task.partition(), position));
        writeVarLong(byGroup.size());
        byGroup.forEach((group, entries) -> {
            writeString(group);
            writeVarLong(entries.size());
            int previous = 0;
            for (Map.Entry<Integer, Long> entry : entries.entrySet()) {
                writeVarLong(entry.getKey() - previous);
                writeVarLong(entry.getValue());
                previous = entry.getKey();
            }
        });
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }
}
