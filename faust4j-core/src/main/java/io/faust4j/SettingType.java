package io.faust4j;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The kind of a setting's value: its name in the docs, how text parses into it, how a value is
 * validated and how it is written back as text. Parse and check failures throw
 * IllegalArgumentException with a message starting "expected ...".
 */
record SettingType<T>(String name, Function<String, T> parser, UnaryOperator<T> checker,
                      Function<? super T, String> formatter) {

    private static final Pattern URL = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://\\S*");
    private static final Pattern AMOUNT = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)\\s*(ms|s|m|h|d)?");
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(KiB|MiB|GiB)?",
            Pattern.CASE_INSENSITIVE);
    private static final String DURATION_EXAMPLES = "such as 500ms, 2.5s, 1m or PT1S";
    private static final BigInteger NANOS_PER_SECOND = BigInteger.valueOf(1_000_000_000L);

    T parse(String raw) {
        return checker.apply(parser.apply(raw));
    }

    T check(T value) {
        Objects.requireNonNull(value, "setting value");
        return checker.apply(value);
    }

    @SuppressWarnings("unchecked")
    String format(Object value) {
        return formatter.apply((T) value);
    }

    static SettingType<List<String>> urlList() {
        String expected = "expected one or more URLs separated by ';' or ',', such as memory:// or kafka://localhost:9092";
        return new SettingType<>("list of URLs", raw -> List.of(raw.split("[;,]", -1)), urls -> {
            List<String> result = new ArrayList<>(urls.size());
            for (String url : urls) {
                String trimmed = url.trim();
                if (!URL.matcher(trimmed).matches()) {
                    throw new IllegalArgumentException(expected);
                }
                result.add(trimmed);
            }
            if (result.isEmpty()) {
                throw new IllegalArgumentException(expected);
            }
            return List.copyOf(result);
        }, urls -> String.join(";", urls));
    }

    static SettingType<String> url(String examples) {
        return new SettingType<>("URL", raw -> raw, url -> {
            String trimmed = url.trim();
            if (!URL.matcher(trimmed).matches()) {
                throw new IllegalArgumentException("expected a URL scheme://... such as " + examples);
            }
            return trimmed;
        }, url -> url);
    }

    static SettingType<Integer> intAtLeast(int min) {
        return atLeast("int >= " + min, min, Integer::valueOf);
    }

    static SettingType<Integer> intBetween(int min, int max) {
        String expected = "expected an integer from " + min + " to " + max;
        return new SettingType<>("int " + min + ".." + max, raw -> {
            try {
                return Integer.valueOf(raw.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(expected);
            }
        }, value -> {
            if (value < min || value > max) {
                throw new IllegalArgumentException(expected);
            }
            return value;
        }, String::valueOf);
    }

    static SettingType<Long> longAtLeast(long min) {
        return atLeast("long >= " + min, min, Long::valueOf);
    }

    private static <N extends Number> SettingType<N> atLeast(String name, long min,
                                                                          java.util.function.Function<String, N> parse) {
        String expected = "expected an integer >= " + min;
        return new SettingType<>(name, raw -> {
            try {
                return parse.apply(raw.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(expected);
            }
        }, value -> {
            if (value.longValue() < min) {
                throw new IllegalArgumentException(expected);
            }
            return value;
        }, String::valueOf);
    }

    static SettingType<Boolean> bool() {
        return new SettingType<>("boolean", raw -> switch (raw.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> Boolean.TRUE;
            case "false", "no", "off", "0" -> Boolean.FALSE;
            default -> throw new IllegalArgumentException("expected true or false (also yes/no, on/off, 1/0)");
        }, value -> value, String::valueOf);
    }

    /** An enum written in lower case; parsing ignores case and accepts '-' for '_'. */
    static <E extends Enum<E>> SettingType<E> oneOf(Class<E> type, Function<E, String> settingValue) {
        List<String> allowed = new ArrayList<>();
        for (E constant : type.getEnumConstants()) {
            allowed.add(settingValue.apply(constant));
        }
        String expected = "expected one of " + String.join(", ", allowed);
        return new SettingType<>(String.join(" | ", allowed), raw -> {
            String wanted = raw.trim().toLowerCase(Locale.ROOT).replace('-', '_');
            for (E constant : type.getEnumConstants()) {
                if (settingValue.apply(constant).equals(wanted)) {
                    return constant;
                }
            }
            throw new IllegalArgumentException(expected);
        }, value -> value, settingValue);
    }

    /** Any text, trimmed; empty means "not set" where the doc says so. */
    static SettingType<String> text() {
        return new SettingType<>("text", String::trim, value -> value, value -> value);
    }

    /** Text that is never written back: {@link #format} shows {@code ****} (or nothing when empty). */
    static SettingType<String> secret() {
        return new SettingType<>("secret text", raw -> raw, value -> value, value -> value.isEmpty() ? "" : "****");
    }

    /**
     * One of a fixed set of words, returned as declared; parsing ignores case and treats '-' and '_' alike,
     * so {@code scram_sha_256} reads as {@code SCRAM-SHA-256}.
     */
    static SettingType<String> choice(String... allowed) {
        String expected = "expected one of " + String.join(", ", allowed);
        UnaryOperator<String> canonical = raw -> {
            String wanted = fold(raw);
            for (String word : allowed) {
                if (fold(word).equals(wanted)) {
                    return word;
                }
            }
            throw new IllegalArgumentException(expected);
        };
        return new SettingType<>(String.join(" | ", allowed), canonical, canonical, value -> value);
    }

    /**
     * One or more words of a fixed set, separated by ',' or ';', returned as declared and without
     * repeats; {@code none} (when allowed) stands alone and reads as the empty list.
     */
    static SettingType<List<String>> choiceList(String... allowed) {
        SettingType<String> one = choice(allowed);
        String expected = "expected one or more of " + String.join(", ", allowed) + " separated by ','"
                + " (none alone for none)";
        UnaryOperator<List<String>> check = words -> {
            List<String> result = new ArrayList<>();
            for (String word : words) {
                String canonical;
                try {
                    canonical = one.parse(word);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(expected);
                }
                if (!result.contains(canonical)) {
                    result.add(canonical);
                }
            }
            if (result.contains("none")) {
                if (result.size() > 1) {
                    throw new IllegalArgumentException(expected);
                }
                return List.of();
            }
            if (result.isEmpty()) {
                throw new IllegalArgumentException(expected);
            }
            return List.copyOf(result);
        };
        return new SettingType<>("list of " + String.join(" | ", allowed), raw -> List.of(raw.split("[;,]", -1)),
                check, words -> words.isEmpty() ? "none" : String.join(",", words));
    }

    private static String fold(String word) {
        return word.trim().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** A size in bytes, at least {@code min}: a number of bytes, or a number with KiB, MiB or GiB. */
    static SettingType<Integer> size(int min) {
        String expected = "expected a size of at least " + formatSize(min) + ": bytes, or a number with KiB, MiB or GiB,"
                + " such as 65536, 64KiB or 1MiB";
        return new SettingType<>("size", raw -> {
            Matcher matcher = SIZE.matcher(raw.trim());
            if (!matcher.matches()) {
                throw new IllegalArgumentException(expected);
            }
            long unit = switch (matcher.group(2) == null ? "" : matcher.group(2).toLowerCase(Locale.ROOT)) {
                case "kib" -> 1L << 10;
                case "mib" -> 1L << 20;
                case "gib" -> 1L << 30;
                default -> 1L;
            };
            BigInteger bytes = new BigInteger(matcher.group(1)).multiply(BigInteger.valueOf(unit));
            if (bytes.bitLength() > 31) {
                throw new IllegalArgumentException(expected + " (at most 2GiB - 1 byte)");
            }
            return bytes.intValue();
        }, value -> {
            if (value < min) {
                throw new IllegalArgumentException(expected);
            }
            return value;
        }, SettingType::formatSize);
    }

    private static String formatSize(int bytes) {
        for (String unit : List.of("GiB", "MiB", "KiB")) {
            int shift = unit.equals("GiB") ? 30 : unit.equals("MiB") ? 20 : 10;
            if (bytes != 0 && bytes % (1 << shift) == 0) {
                return (bytes >> shift) + unit;
            }
        }
        return String.valueOf(bytes);
    }

    static SettingType<Path> path() {
        return new SettingType<>("path", raw -> {
            String trimmed = raw.trim();
            if (trimmed.isEmpty()) {
                throw new IllegalArgumentException("expected a directory path");
            }
            try {
                return Path.of(trimmed);
            } catch (InvalidPathException e) {
                throw new IllegalArgumentException("expected a directory path (" + e.getReason() + ")");
            }
        }, value -> value, Path::toString);
    }

    static SettingType<String> codecName() {
        return new SettingType<>("codec name", raw -> raw, Codecs::checkName, name -> name);
    }

    /** {@code auto} (the value follows other settings, as the doc says) or a codec name. */
    static SettingType<String> codecNameOrAuto() {
        return new SettingType<>("auto or codec name", String::trim,
                name -> name.equals("auto") ? name : Codecs.checkName(name), name -> name);
    }

    static SettingType<Duration> duration() {
        return new SettingType<>("duration", SettingType::parseDuration, value -> {
            if (value.isZero() || value.isNegative()) {
                throw new IllegalArgumentException("expected a duration greater than zero, " + DURATION_EXAMPLES
                        + (value.isNegative() ? ": negative durations are not allowed" : ""));
            }
            return value;
        }, SettingType::formatDuration);
    }

    /** A duration that may be zero (as Kafka's linger). */
    static SettingType<Duration> durationOrZero() {
        return new SettingType<>("duration >= 0", SettingType::parseDuration, value -> {
            if (value.isNegative()) {
                throw new IllegalArgumentException("expected a duration of zero or more, " + DURATION_EXAMPLES
                        + ": negative durations are not allowed");
            }
            return value;
        }, SettingType::formatDuration);
    }

    private static Duration parseDuration(String raw) {
        String text = raw.trim();
        if (text.startsWith("-")) {
            boolean wellFormed;
            try {
                parseDuration(text.substring(1));
                wellFormed = true;
            } catch (IllegalArgumentException e) {
                wellFormed = false;
            }
            throw new IllegalArgumentException("expected a duration " + DURATION_EXAMPLES
                    + (wellFormed ? ": negative durations are not allowed" : ""));
        }
        if (text.startsWith("P") || text.startsWith("p") || text.startsWith("-P")) {
            try {
                return Duration.parse(text);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("expected a duration " + DURATION_EXAMPLES);
            }
        }
        Matcher matcher = AMOUNT.matcher(text);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("expected a duration " + DURATION_EXAMPLES);
        }
        long nanosPerUnit = switch (matcher.group(2) == null ? "s" : matcher.group(2)) {
            case "ms" -> 1_000_000L;
            case "m" -> 60_000_000_000L;
            case "h" -> 3_600_000_000_000L;
            case "d" -> 86_400_000_000_000L;
            default -> 1_000_000_000L;
        };
        BigInteger nanos = new BigDecimal(matcher.group(1)).multiply(BigDecimal.valueOf(nanosPerUnit)).toBigInteger();
        BigInteger[] secondsAndNanos = nanos.divideAndRemainder(NANOS_PER_SECOND);
        if (secondsAndNanos[0].bitLength() > 40) {  // beyond 30,000 years: surely a mistake
            throw new IllegalArgumentException("expected a duration " + DURATION_EXAMPLES + " (this one is too long)");
        }
        return Duration.ofSeconds(secondsAndNanos[0].longValue(), secondsAndNanos[1].longValue());
    }

    private static String formatDuration(Duration value) {
        if (value.getNano() % 1_000_000 != 0 || value.isNegative()) {
            return value.toString();
        }
        long seconds = value.getSeconds();
        if (value.getNano() != 0 || seconds == 0) {
            return value.toMillis() + "ms";
        }
        if (seconds % 3600 == 0) {
            return seconds / 3600 + "h";
        }
        return seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
    }
}
