package io.faust4j;

import java.util.Locale;
import java.util.Objects;

/**
 * One declared setting: its name, type, default, environment variable, one-line doc and parser.
 *
 * <p>Every setting is declared once, as a constant of {@link Settings}; the reference docs
 * ({@link Settings#referenceMarkdown()}) and command-line help are generated from these declarations.
 *
 * @param <T> the type of the setting's value
 */
public final class Setting<T> {
    /** The prefix of every setting's environment variable. */
    static final String ENV_PREFIX = "FAUST4J_";

    private final String name;
    private final SettingType<T> type;
    private final String defaultText;
    private final String doc;
    private final T defaultValue;

    private Setting(String name, SettingType<T> type, String defaultText, String doc) {
        this.name = name;
        this.type = type;
        this.defaultText = defaultText;
        this.doc = doc;
        this.defaultValue = type.parse(defaultText);
    }

    static <T> Setting<T> of(String name, SettingType<T> type, String defaultText, String doc) {
        return new Setting<>(name, type, defaultText, doc);
    }

    /** The setting's name in snake_case, as used in properties files, for example {@code commit_interval}. */
    public String name() {
        return name;
    }

    /** The environment variable that sets it: {@code FAUST4J_} and the name in upper case. */
    public String envVar() {
        return ENV_PREFIX + name.toUpperCase(Locale.ROOT);
    }

    /** One line saying what the setting does. */
    public String doc() {
        return doc;
    }

    /**
     * The default as written in the declaration; it may hold the placeholder {@code {id}}, which stands
     * for the app's {@linkplain Settings#effectiveId() effective id}.
     */
    public String defaultText() {
        return defaultText;
    }

    /** The default value (with any {@code {id}} placeholder left unresolved). */
    public T defaultValue() {
        return defaultValue;
    }

    /** What values are allowed, in a few words, for example {@code duration} or {@code int >= 1}. */
    public String typeName() {
        return type.name();
    }

    /**
     * Parses and validates a value written as text.
     *
     * @throws IllegalArgumentException with a message starting "expected ..." that says what is allowed
     */
    public T parse(String raw) {
        Objects.requireNonNull(raw, "raw");
        return type.parse(raw);
    }

    /** Validates a value given in code and returns its canonical form; throws IllegalArgumentException("expected ..."). */
    T check(T value) {
        return type.check(value);
    }

    /** The value written as text that {@link #parse} accepts. */
    String format(Object value) {
        return type.format(value);
    }

    @Override
    public String toString() {
        return name;
    }
}
