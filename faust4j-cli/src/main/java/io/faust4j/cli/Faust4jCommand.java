package io.faust4j.cli;

import io.faust4j.App;
import io.faust4j.ConfigurationException;
import io.faust4j.Settings;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code faust4j} command: global options (the app class, logging, settings) and its subcommands.
 * Options marked global here may stand before or after the subcommand ({@code faust4j -A X worker -l info}
 * and {@code faust4j worker -A X -l info} mean the same).
 */
@Command(name = "faust4j", mixinStandardHelpOptions = true, versionProvider = Faust4jCommand.Version.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = "Runs and inspects a faust4j app: the class named with -A declares it (a public static method"
                + " without parameters that returns an App, or a public static App field).",
        footer = {"", "Setting options override what the app's code sets; FAUST4J_<NAME> environment variables,"
                + " a properties file (FAUST4J_CONFIG or --config) and the defaults fill in the rest. An app's class"
                + " may add commands of its own (a static cliCommands() method). See docs/operations.md."},
        subcommands = {WorkerCommand.class, SendCommand.class, ListCommands.Agents.class, ListCommands.Tables.class,
            ListCommands.Topics.class, ListCommands.Models.class, TableCommand.class, ResetCommand.class,
            DlqCommand.class, AutoComplete.GenerateCompletion.class, CommandLine.HelpCommand.class})
public final class Faust4jCommand implements Runnable {
    // an app's own commands (AppCommands) reach the app through a @ParentCommand field of this type
    @Spec
    CommandSpec spec;

    @Option(names = {"-A", "--app"}, scope = ScopeType.INHERIT, paramLabel = "CLASS[:MEMBER]",
            description = "The class that declares the app; :MEMBER picks one static method or field when it has several.")
    String appRef;

    @Option(names = {"--classpath", "-cp"}, scope = ScopeType.INHERIT, paramLabel = "PATH",
            description = "Jars and directories with the app's classes, separated by '${sys:path.separator}';"
                    + " dir/* takes every jar in dir.")
    String classpath;

    @Option(names = {"-l", "--loglevel"}, scope = ScopeType.INHERIT, paramLabel = "LEVEL", defaultValue = "warn",
            description = "Log level: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Logging.Level logLevel;

    @Option(names = "--json-logs", scope = ScopeType.INHERIT,
            description = "Log JSON lines (one object per event) instead of text.")
    boolean jsonLogs;

    @Option(names = {"-b", "--broker"}, scope = ScopeType.INHERIT, paramLabel = "URLS",
            description = "Sets the broker setting, such as kafka://host1:9092;kafka://host2:9092.")
    String broker;

    @Option(names = "--store", scope = ScopeType.INHERIT, paramLabel = "URL",
            description = "Sets the store setting: memory:// or rocksdb://.")
    String store;

    @Option(names = "--datadir", scope = ScopeType.INHERIT, paramLabel = "DIR",
            description = "Sets the datadir setting: this worker's local state (one per worker).")
    String datadir;

    @Option(names = "--web-port", scope = ScopeType.INHERIT, paramLabel = "PORT",
            description = "Sets the web_port setting (needs the faust4j-web module).")
    String webPort;

    @Option(names = "--web-bind", scope = ScopeType.INHERIT, paramLabel = "HOST",
            description = "Sets the web_bind setting (needs the faust4j-web module).")
    String webBind;

    @Option(names = {"-s", "--setting"}, scope = ScopeType.INHERIT, paramLabel = "NAME=VALUE",
            description = "Sets any setting by name, such as -s commit_interval=500ms; repeatable.")
    Map<String, String> settings = new LinkedHashMap<>();

    @Option(names = "--config", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "A properties file of setting_name=value lines (below code and options).")
    String config;

    private App app;

    /** The picocli command line of {@code faust4j}, printing to {@code out} and {@code err}. */
    static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine line = new CommandLine(new Faust4jCommand());
        line.setCaseInsensitiveEnumValuesAllowed(true);
        line.setOut(out);
        line.setErr(err);
        line.setExecutionStrategy(Errors::execute);
        line.setParameterExceptionHandler(Errors::badParameters);
        line.setExecutionExceptionHandler(Errors::failed);
        return line;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: choose one of "
                + String.join(", ", spec.subcommands().keySet()) + " (faust4j --help lists them)");
    }

    /**
     * The app named with {@code -A}, loaded once: for an app's own commands, which get this object through a
     * {@code @ParentCommand Faust4jCommand} field.
     */
    public App app() {
        if (app == null) {
            if (appRef == null || appRef.isBlank()) {
                throw new CliException("No app given: name the class that declares it with -A, such as"
                        + " faust4j -A io.faust4j.examples.OrderCounts worker");
            }
            app = AppLoader.load(appRef, classpath);
        }
        return app;
    }

    /** The settings given on the command line, to apply on top of the app's ({@code app().start(overrides())}). */
    public Consumer<Settings.Builder> overrides() {
        Overrides overrides = new Overrides();
        if (config != null) {
            overrides.propertiesFile(config);
        }
        overrides.set("broker", broker, "--broker");
        overrides.set("store", store, "--store");
        overrides.set("datadir", datadir, "--datadir");
        overrides.setWeb("web_port", webPort, "--web-port");
        overrides.setWeb("web_bind", webBind, "--web-bind");
        settings.forEach((name, value) -> overrides.set(name, value, "-s " + name + "=" + value));
        return overrides.toConsumer();
    }

    /** The app's settings with the command line's on top, validated. */
    public Settings settings() {
        Settings.Builder builder = app().settings().toBuilder();
        overrides().accept(builder);
        try {
            return builder.build();
        } catch (ConfigurationException e) {
            throw new CliException(e.getMessage(), e);
        }
    }

    /** Prints the version of faust4j and of the JVM; needs no app. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"faust4j " + version(),
                "JVM " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ", "
                        + System.getProperty("java.home") + ")"};
        }
    }

    /** faust4j's version, from the build. */
    static String version() {
        Properties properties = new Properties();
        try (InputStream in = Faust4jCommand.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            return "unknown";
        }
        return properties.getProperty("version", "unknown");
    }
}
