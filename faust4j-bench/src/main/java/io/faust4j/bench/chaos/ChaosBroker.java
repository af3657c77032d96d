package io.faust4j.bench.chaos;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import io.faust4j.kafka.embedded.EmbeddedKafka;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/**
 * The run's broker: faust4j-kafka-embedded in a child JVM, on a port chosen free at the first start and
 * kept, with its data in the run's directory, so that a restart brings the same broker back at the same
 * address with its topics, offsets and group state. The child's output goes to {@code broker.log}.
 */
final class ChaosBroker implements AutoCloseable {
    private static final String CHILD_LOGGER = "io.faust4j.kafka.embedded.ChildProcessBroker";

    private final Path dataDir;
    private final FileAppender<ILoggingEvent> appender;
    private final Path log;
    private int port;
    private Optional<EmbeddedKafka> kafka = Optional.empty();

    ChaosBroker(Path runDir) {
        this.dataDir = runDir.resolve("broker-data");
        this.log = runDir.resolve("broker.log");
        this.appender = logTo(log);
    }

    Path log() {
        return log;
    }

    Path dataDir() {
        return dataDir;
    }

    /** Starts the broker: on a free port the first time, on the same port after that. */
    void start() {
        if (kafka.isPresent()) {
            throw new IllegalStateException("the broker is running");
        }
        EmbeddedKafka started = EmbeddedKafka.start(EmbeddedKafka.Options.defaults().childProcess(true)
                .dataDir(dataDir).port(port));
        kafka = Optional.of(started);
        port = Integer.parseInt(started.bootstrapServers().substring(started.bootstrapServers().lastIndexOf(':') + 1));
    }

    /** Stops the broker's JVM (SIGTERM: a clean broker shutdown); the data directory stays. */
    void stop() {
        kafka.ifPresent(EmbeddedKafka::close);
        kafka = Optional.empty();
    }

    boolean isUp() {
        return kafka.isPresent();
    }

    String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    String brokerUrl() {
        return "kafka://" + bootstrapServers();
    }

    @Override
    public void close() {
        try {
            stop();
        } finally {
            Logger logger = (Logger) LoggerFactory.getLogger(CHILD_LOGGER);
            logger.detachAppender(appender);
            appender.stop();
        }
    }

    /** The child broker's output reaches us as DEBUG lines of {@value #CHILD_LOGGER}: write them to a file. */
    private static FileAppender<ILoggingEvent> logTo(Path file) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{HH:mm:ss.SSS} %msg%n");
        encoder.start();
        FileAppender<ILoggingEvent> appender = new FileAppender<>();
        appender.setContext(context);
        appender.setName("chaos-broker-" + file);
        appender.setFile(file.toString());
        appender.setEncoder(encoder);
        appender.start();
        Logger logger = (Logger) LoggerFactory.getLogger(CHILD_LOGGER);
        logger.setLevel(Level.DEBUG);
        logger.setAdditive(false);
        logger.addAppender(appender);
        return appender;
    }
}
