package io.faust4j.cli;

import io.faust4j.Setting;
import io.faust4j.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Settings given on the command line, checked as they are collected, so a bad value is reported with the
 * option that gave it ({@code Invalid value 'x' for setting 'web_port' (from --web-port): expected ...}).
 */
final class Overrides {
    private final Map<String, String> values = new LinkedHashMap<>();
    private Optional<Path> propertiesFile = Optional.empty();

    /** Sets {@code name} to {@code raw} (nothing when {@code raw} is null), checking the name and the value. */
    void set(String name, String raw, String option) {
        if (raw == null) {
            return;
        }
        Setting<?> setting = find(name).orElseThrow(() -> unknown(name, option));
        try {
            setting.parse(raw);
        } catch (IllegalArgumentException e) {
            throw new CliException("Invalid value '" + raw + "' for setting '" + name + "' (from " + option + "): "
                    + e.getMessage());
        }
        values.put(name, raw);
    }

    /** Sets a setting of the web server, which only exists when the faust4j-web module is on the class path. */
    void setWeb(String name, String raw, String option) {
        if (raw != null && find(name).isEmpty()) {
            throw new CliException(option + " sets the setting '" + name + "', which this build does not declare:"
                    + " the web server (module faust4j-web) is not on the class path. Add it to the app's class path,"
                    + " or leave " + option + " out");
        }
        set(name, raw, option);
    }

    /** Reads settings from a properties file too (below code and the other options). */
    void propertiesFile(String file) {
        Path path = Path.of(file);
        if (!Files.isRegularFile(path)) {
            throw new CliException("--config " + file + ": no such file; expected a properties file of"
                    + " setting_name=value lines");
        }
        propertiesFile = Optional.of(path);
    }

    /** Applies the collected settings to a builder. */
    Consumer<Settings.Builder> toConsumer() {
        Map<String, String> copy = Map.copyOf(values);
        Optional<Path> file = propertiesFile;
        return builder -> {
            file.ifPresent(builder::propertiesFile);
            copy.forEach(builder::set);
        };
    }

    static Optional<Setting<?>> find(String name) {
        return Settings.declared().stream().filter(s -> s.name().equals(name)).findFirst();
    }

    private static CliException unknown(String name, String option) {
        try {
            Settings.builder("probe").set(name, "");
            return new CliException("Unknown setting '" + name + "' (from " + option + ")");
        } catch (io.faust4j.ConfigurationException e) { // its message suggests the closest names
            return new CliException(e.getMessage().replace("Unknown setting '" + name + "'",
                    "Unknown setting '" + name + "' (from " + option + ")").replace("?.", "?"));
        }
    }
}
