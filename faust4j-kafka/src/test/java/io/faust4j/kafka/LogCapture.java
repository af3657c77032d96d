package io.faust4j.kafka;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Captures, while open, every log line at INFO and above of faust4j, the Kafka clients and the
 * embedded broker (with the messages of logged exceptions and their causes), instead of printing it.
 */
final class LogCapture implements AutoCloseable {
    private static final List<String> LOGGERS = List.of("io.faust4j", "org.apache.kafka", "kafka");

    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final List<Logger> loggers = new ArrayList<>();
    private final List<Level> levels = new ArrayList<>();
    private final List<Boolean> additivity = new ArrayList<>();

    private LogCapture() {
    }

    static LogCapture start() {
        var capture = new LogCapture();
        capture.appender.start();
        for (String name : LOGGERS) {
            Logger logger = (Logger) LoggerFactory.getLogger(name);
            capture.loggers.add(logger);
            capture.levels.add(logger.getLevel());
            capture.additivity.add(logger.isAdditive());
            logger.setLevel(Level.INFO);
            logger.setAdditive(false);
            logger.addAppender(capture.appender);
        }
        return capture;
    }

    /** Every line captured so far: the message, then each logged exception's class and message. */
    List<String> lines() {
        List<String> lines = new ArrayList<>();
        for (ILoggingEvent event : List.copyOf(appender.list)) {
            StringBuilder line = new StringBuilder(event.getLevel() + " " + event.getLoggerName() + " - "
                    + event.getFormattedMessage());
            for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
                line.append(" | ").append(t.getClassName()).append(": ").append(t.getMessage());
            }
            lines.add(line.toString());
        }
        return lines;
    }

    @Override
    public void close() {
        for (int i = 0; i < loggers.size(); i++) {
            Logger logger = loggers.get(i);
            logger.detachAppender(appender);
            logger.setLevel(levels.get(i));
            logger.setAdditive(additivity.get(i));
        }
        appender.stop();
    }
}
