package io.faust4j.internal.assign;

import io.faust4j.TransportException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Reads what {@link WireWriter} wrote, checking every length and count against the bytes left, so
 * truncated or garbled data fails with a {@link TransportException} that says what and where, never with
 * a huge allocation or an index error.
 */
final class WireReader {
    private final ByteBuffer buffer;
    private final String what;

    WireReader(ByteBuffer buffer, String what) {
        this.buffer = buffer.slice();
        this.what = what;
    }

    int remaining() {
        return buffer.remaining();
    }

    int readByte(String field) {
        need(1, field);
        return buffer.get() & 0xFF;
    }

    long readVarLong(String field) {
        long value = 0;
        for (int shift = 0; shift < 63; shift += 7) {
            int b = readByte(field);
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw fail(field + " is a varint longer than 9 bytes");
    }

    int readCount(String field) {
        long count = readVarLong(field);
        if (count > buffer.remaining()) {
            throw fail(field + " is " + count + ", more than the " + buffer.remaining() + " bytes left");
        }
        return (int) count;
    }

    String readString(String field) {
        int length = readCount(field + " length");
        ByteBuffer bytes = buffer.slice(buffer.position(), length);
        buffer.position(buffer.position() + length);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(bytes).toString();
        } catch (CharacterCodingException e) {
            throw fail(field + " is not valid UTF-8");
        }
    }

    Set<TaskId> readTasks(String field) {
        Set<TaskId> tasks = new HashSet<>();
        int groups = readCount(field + " group count");
        for (int g = 0; g < groups; g++) {
            String group = readGroup(field);
            int count = readCount(field + " count");
            long partition = 0;
            for (int i = 0; i < count; i++) {
                partition = partition(partition + readVarLong(field + " partition"), field);
                if (!tasks.add(new TaskId(group, (int) partition))) {
                    throw fail(field + " lists task " + group + "-" + partition + " twice");
                }
            }
        }
        return tasks;
    }

    Map<TaskId, Long> readPositions(String field) {
        Map<TaskId, Long> positions = new HashMap<>();
        int groups = readCount(field + " group count");
        for (int g = 0; g < groups; g++) {
            String group = readGroup(field);
            int count = readCount(field + " count");
            long partition = 0;
            for (int i = 0; i < count; i++) {
                partition = partition(partition + readVarLong(field + " partition"), field);
                long position = readVarLong(field + " position");
                if (positions.put(new TaskId(group, (int) partition), position) != null) {
                    throw fail(field + " lists task " + group + "-" + partition + " twice");
                }
            }
        }
        return positions;
    }

    private String readGroup(String field) {
        String group = readString(field + " group");
        if (group.isEmpty()) {
            throw fail(field + " has a group with an empty name");
        }
        return group;
    }

    private long partition(long partition, String field) {
        if (partition > Integer.MAX_VALUE) {
            throw fail(field + " has partition " + partition + ", above " + Integer.MAX_VALUE);
        }
        return partition;
    }

    private void need(int bytes, String field) {
        if (buffer.remaining() < bytes) {
            throw fail("it ends before " + field);
        }
    }

    TransportException fail(String why) {
        return new TransportException("Invalid " + what + " (" + buffer.limit() + " bytes, at byte "
                + buffer.position() + "): " + why);
    }
}
