package io.faust4j.internal.codec;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.function.Function;

/**
 * Date-times as Faust writes them: Python's {@code datetime.isoformat()} with {@code +00:00} replaced by
 * {@code Z} ({@code faust.utils.json.on_default}, and orjson's {@code OPT_UTC_Z}), so
 * {@code 2026-03-01T10:15:30Z}, {@code 2026-03-01T10:15:30.250000+02:00}: seconds always, a fraction only
 * when there is one, and then in microseconds, six digits (Python has no nanoseconds; they are truncated).
 * Reading is Jackson's JSR-310 module, which accepts these.
 */
final class PythonTime {
    private PythonTime() {
    }

    static SimpleModule module() {
        return new SimpleModule("faust4j-python-time")
                .addSerializer(Instant.class, serializer(Instant.class, t -> isoformat(t.atOffset(ZoneOffset.UTC))))
                .addSerializer(OffsetDateTime.class, serializer(OffsetDateTime.class, PythonTime::isoformat))
                .addSerializer(ZonedDateTime.class, serializer(ZonedDateTime.class,
                        t -> isoformat(t.toOffsetDateTime())))
                .addSerializer(LocalDateTime.class, serializer(LocalDateTime.class, PythonTime::isoformat));
    }

    /** {@code datetime.isoformat()} of an aware date-time, with {@code Z} for UTC. */
    static String isoformat(OffsetDateTime time) {
        return isoformat(time.toLocalDateTime()) + time.getOffset().getId();
    }

    /** {@code datetime.isoformat()} of a naive date-time. */
    static String isoformat(LocalDateTime time) {
        StringBuilder text = new StringBuilder(32);
        int year = time.getYear();
        if (year < 1000) {
            text.append(year < 10 ? "000" : year < 100 ? "00" : "0");
        }
        text.append(year).append('-');
        pad2(text, time.getMonthValue()).append('-');
        pad2(text, time.getDayOfMonth()).append('T');
        pad2(text, time.getHour()).append(':');
        pad2(text, time.getMinute()).append(':');
        pad2(text, time.getSecond());
        int micros = time.getNano() / 1000;
        if (micros != 0) {
            String digits = Integer.toString(micros);
            text.append('.').append("000000", digits.length(), 6).append(digits);
        }
        return text.toString();
    }

    private static StringBuilder pad2(StringBuilder text, int value) {
        return (value < 10 ? text.append('0') : text).append(value);
    }

    private static <T> StdSerializer<T> serializer(Class<T> type, Function<T, String> format) {
        return new StdSerializer<>(type) {
            @Override
            public void serialize(T value, JsonGenerator generator, SerializerProvider provider) throws IOException {
                generator.writeString(format.apply(value));
            }
        };
    }
}
