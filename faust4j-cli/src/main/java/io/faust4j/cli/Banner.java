package io.faust4j.cli;

import io.faust4j.App;
import io.faust4j.Settings;
import io.faust4j.internal.Tooling;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The few lines a worker logs as it starts: app, broker, store, agents and tables (the web address follows
 * once the worker has started and its server listens); and, on a
 * {@code memory://} broker, a warning that nothing leaves the process (a production worker that forgot its
 * broker setting must not look fine).
 */
final class Banner {
    private static final Logger LOG = LoggerFactory.getLogger(Logging.BANNER);

    private Banner() {
    }

    /** The banner's text. */
    static String text(App app, Settings settings) {
        StringBuilder text = new StringBuilder("faust4j ").append(Faust4jCommand.version()).append(" worker of app '")
                .append(settings.effectiveId()).append("'");
        line(text, "broker", String.join(";", settings.broker()));
        line(text, "store", settings.store() + (settings.store().startsWith("memory:") ? ""
                : " (datadir " + settings.datadir().toAbsolutePath() + ")"));
        line(text, "guarantee", settings.processingGuarantee().settingValue());
        List<Tooling.AgentInfo> agents = Tooling.agents(app, settings);
        line(text, "agents", agents.isEmpty() ? "(none)" : String.join(", ", agents.stream()
                .map(a -> a.name() + " <- " + a.topic()).toList()));
        List<Tooling.TableInfo> tables = Tooling.tables(app, settings);
        line(text, "tables", tables.isEmpty() ? "(none)" : String.join(", ", tables.stream()
                .map(Tooling.TableInfo::name).toList()));
        return text.toString();
    }

    /** Logs the banner, and the memory:// warning when it applies. */
    static void log(App app, Settings settings) {
        LOG.info(text(app, settings));
        if (settings.broker().get(0).startsWith("memory:")) {
            LOG.warn(memoryWarning());
        }
    }

    static String memoryWarning() {
        return "broker is memory://: nothing leaves this process. No other program can send this worker events or read"
                + " what it writes, and its topics are lost when it stops. To run it for real, give it a broker:"
                + " --broker kafka://host:9092 (or FAUST4J_BROKER)";
    }

    private static void line(StringBuilder text, String label, String value) {
        text.append(System.lineSeparator()).append("  ").append(String.format("%-10s", label)).append(value);
    }
}
