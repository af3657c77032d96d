package io.faust4j;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves every declared setting from code, environment, properties file and default, in that order, and
 * warns about {@code FAUST4J_*} environment variables that name no setting.
 */
final class SettingsResolver {
    static final String CONFIG_ENV = Setting.ENV_PREFIX + "CONFIG";
    /** {@code FAUST4J_*} variables that are not settings: the properties file, and those of {@code ./mvnw}. */
    private static final Set<String> OTHER_ENV = Set.of(CONFIG_ENV, "FAUST4J_MIN_JDK", "FAUST4J_JDK_VERBOSE",
            "FAUST4J_JDK_SCAN_DIRS");
    private static final Logger LOG = LoggerFactory.getLogger(Settings.class);
    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

    /** A value given as text in code ({@code set(name, raw)}), parsed at build. */
    record RawText(String text) {
    }

    private SettingsResolver() {
    }

    static Map<Setting<?>, Object> resolve(String id, Map<Setting<?>, Object> code, Map<String, String> env,
                                           Optional<Path> codeFile) {
        Optional<Path> file = codeFile.or(() -> Optional.ofNullable(env.get(CONFIG_ENV)).map(Path::of));
        String fileSource = codeFile.isPresent() ? "set with propertiesFile(...) in code"
                : "from environment variable " + CONFIG_ENV;
        Map<String, String> fileValues = file.isPresent() ? load(file.get(), fileSource) : Map.of();
        for (String warning : unknownEnvironment(env)) {
            if (WARNED.add(warning)) { // once per variable and process: settings are built more than once
                LOG.warn(warning);
            }
        }
        Map<Setting<?>, Object> values = new LinkedHashMap<>();
        String effectiveId = id;
        for (Setting<?> setting : Settings.declared()) {
            values.put(setting, resolveOne(setting, code, env, fileValues, file, effectiveId));
            if (setting == Settings.VERSION) {
                effectiveId = Settings.effectiveId(id, (Integer) values.get(setting));
            }
        }
        return values;
    }

    private static Object resolveOne(Setting<?> setting, Map<Setting<?>, Object> code, Map<String, String> env,
                                     Map<String, String> fileValues, Optional<Path> file, String effectiveId) {
        Object inCode = code.get(setting);
        if (inCode instanceof RawText raw) {
            return parse(setting, raw.text(), "from code");
        }
        if (inCode != null) {
            return check(setting, inCode);
        }
        String fromEnv = env.get(setting.envVar());
        if (fromEnv != null) {
            return parse(setting, fromEnv, "from environment variable " + setting.envVar());
        }
        String fromFile = fileValues.get(setting.name());
        if (fromFile != null) {
            return parse(setting, fromFile, "from key '" + setting.name() + "' in properties file " + file.orElseThrow());
        }
        return parse(setting, setting.defaultText().replace("{id}", effectiveId), "default");
    }

    private static Object parse(Setting<?> setting, String raw, String source) {
        try {
            return setting.parse(raw);
        } catch (IllegalArgumentException e) {
            throw invalid(setting, raw, source, e);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> Object check(Setting<T> setting, Object value) {
        try {
            return setting.check((T) value);
        } catch (IllegalArgumentException e) {
            throw invalid(setting, setting.format(value), "from code", e);
        }
    }

    private static ConfigurationException invalid(Setting<?> setting, String raw, String source,
                                                  IllegalArgumentException e) {
        String expected = e.getMessage().endsWith(".") ? e.getMessage() : e.getMessage() + ".";
        return new ConfigurationException("Invalid value '" + raw + "' for setting '" + setting.name() + "' ("
                + source + "): " + expected, e);
    }

    private static Map<String, String> load(Path file, String source) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (NoSuchFileException e) {
            throw new ConfigurationException("Properties file " + file.toAbsolutePath() + " (" + source
                    + ") does not exist; expected a file of setting_name=value lines");
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigurationException("Cannot read properties file " + file.toAbsolutePath() + " (" + source
                    + "): " + e.getMessage() + "; expected a UTF-8 file of setting_name=value lines", e);
        }
        Map<String, String> values = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (String key : new TreeSet<>(properties.stringPropertyNames())) {
            if (Settings.find(key).isPresent()) {
                values.put(key, properties.getProperty(key));
            } else {
                problems.add("unknown setting '" + key + "'" + suggestion(key));
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException("Properties file " + file + " (" + source + "): "
                    + String.join("; ", problems) + ". Keys must be setting names: " + knownNames());
        }
        return values;
    }

    /**
     * A warning for each {@code FAUST4J_*} environment variable that is no setting (a typo such as
     * {@code FAUST4J_COMIT_INTERVAL}), naming the closest setting's variable when there is one. Not an error:
     * the environment is shared with other programs.
     */
    static List<String> unknownEnvironment(Map<String, String> env) {
        Set<String> known = new HashSet<>(OTHER_ENV);
        Settings.declared().forEach(setting -> known.add(setting.envVar()));
        List<String> warnings = new ArrayList<>();
        for (String name : new TreeSet<>(env.keySet())) {
            if (name.startsWith(Setting.ENV_PREFIX) && !known.contains(name)) {
                List<String> close = closeMatches(name.substring(Setting.ENV_PREFIX.length()));
                warnings.add("Environment variable " + name + " is not a faust4j setting and is ignored"
                        + (close.isEmpty() ? "; setting variables are FAUST4J_ and a setting name in capitals, such as "
                                + Settings.COMMIT_INTERVAL.envVar()
                                : "; did you mean " + String.join(" or ", close.stream()
                                        .map(n -> Settings.find(n).orElseThrow().envVar()).toList()) + "?"));
            }
        }
        return warnings;
    }

    /** The message for a name that is not a setting, suggesting close names when there are some. */
    static String unknownName(String name, String where) {
        return "Unknown setting '" + name + "'" + where + suggestion(name) + ". Known settings: " + knownNames();
    }

    static String knownNames() {
        return String.join(", ", Settings.declared().stream().map(Setting::name).toList());
    }

    private static String suggestion(String name) {
        List<String> close = closeMatches(name);
        return close.isEmpty() ? "" : "; did you mean " + String.join(" or ", close.stream().map(n -> "'" + n + "'")
                .toList()) + "?";
    }

    /** Setting names within a small edit distance of {@code name} (ignoring case and '-' versus '_'), closest first. */
    static List<String> closeMatches(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT).replace('-', '_').replace('.', '_');
        int limit = Math.max(2, wanted.length() / 3);
        record Match(String name, int distance) {
        }
        List<Match> matches = new ArrayList<>();
        for (Setting<?> setting : Settings.declared()) {
            int distance = distance(wanted, setting.name());
            boolean contains = wanted.length() >= 4 && setting.name().contains(wanted);
            if (distance <= limit || contains) {
                matches.add(new Match(setting.name(), contains ? Math.min(distance, limit) : distance));
            }
        }
        matches.sort(Comparator.comparingInt(Match::distance).thenComparing(Match::name));
        return matches.stream().limit(3).map(Match::name).toList();
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
