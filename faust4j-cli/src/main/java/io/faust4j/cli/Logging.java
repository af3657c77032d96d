package io.faust4j.cli;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import org.slf4j.LoggerFactory;

/**
 * The command's logging, through SLF4J and Logback, on standard error (standard output stays for results):
 * text lines or JSON lines, at the level of {@code -l}. It replaces whatever {@code logback.xml} the app's
 * class path holds. Kafka's clients log at WARN and above unless the level is {@code debug} or {@code trace}.
 */
final class Logging {
    /** The logger of the banner and of starts and stops, at INFO whatever {@code -l} says. */
    static final String BANNER = "faust4j.cli";

    /** Log levels, as Faust names them. */
    enum Level {
        TRACE, DEBUG, INFO, WARN, ERROR, CRITICAL;

        ch.qos.logback.classic.Level logback() {
            return this == CRITICAL ? ch.qos.logback.classic.Level.ERROR : ch.qos.logback.classic.Level.toLevel(name());
        }

        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private Logging() {
    }

    /** Replaces the logging configuration: everything at {@code level}, as text or JSON lines on standard error. */
    static void configure(Level level, boolean json) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return; // another SLF4J binding is on the class path: it keeps its own configuration
        }
        context.reset();
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("console");
        console.setTarget("System.err");
        console.setEncoder(json ? jsonEncoder(context) : textEncoder(context));
        console.start();
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(console);
        root.setLevel(level.logback());
        boolean detailed = level.compareTo(Level.DEBUG) <= 0;
        for (String chatty : new String[] {"org.apache.kafka", "kafka", "org.rocksdb"}) {
            if (!detailed) {
                context.getLogger(chatty).setLevel(level.compareTo(Level.WARN) < 0
                        ? ch.qos.logback.classic.Level.WARN : level.logback());
            }
        }
        if (level.compareTo(Level.INFO) > 0) {
            context.getLogger(BANNER).setLevel(ch.qos.logback.classic.Level.INFO);
        }
        // libraries that log through java.util.logging (the web server, Helidon) go the same way, so that
        // --json-logs gives JSON lines only; the propagator keeps JUL from formatting below the level
        org.slf4j.bridge.SLF4JBridgeHandler.removeHandlersForRootLogger();
        org.slf4j.bridge.SLF4JBridgeHandler.install();
        ch.qos.logback.classic.jul.LevelChangePropagator propagator = new ch.qos.logback.classic.jul.LevelChangePropagator();
        propagator.setContext(context);
        propagator.setResetJUL(true);
        context.addListener(propagator);
        propagator.start();
    }

    private static Encoder<ILoggingEvent> textEncoder(LoggerContext context) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{HH:mm:ss.SSS} %-5level [%thread] %logger{0} - %msg%n");
        encoder.start();
        return encoder;
    }

    private static Encoder<ILoggingEvent> jsonEncoder(LoggerContext context) {
        JsonEncoder encoder = new JsonEncoder();
        encoder.setContext(context);
        encoder.setWithSequenceNumber(false);
        encoder.setWithNanoseconds(false);
        encoder.setWithContext(false);
        encoder.setWithArguments(false);
        encoder.setWithMessage(false);
        encoder.setWithFormattedMessage(true);
        encoder.start();
        return encoder;
    }
}
