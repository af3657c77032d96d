package io.faust4j.kafka.embedded;

import kafka.server.FaultHandlerFactory;
import org.apache.kafka.server.fault.FaultHandler;
import org.apache.kafka.server.fault.FaultHandlerException;
import org.apache.kafka.server.fault.LoggingFaultHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fault handling for a broker that shares its JVM with an application or a test run. A standalone
 * Kafka halts its process on a fatal fault (a data directory locked by another broker, a corrupt
 * metadata log); here that would kill the host JVM, so fatal faults are logged and surface as
 * exceptions (from {@code start}) or as a broker that stops answering, and the host decides.
 */
final class InProcessFaults implements FaultHandlerFactory {
    private static final Logger LOG = LoggerFactory.getLogger(InProcessFaults.class);

    @Override
    public FaultHandler build(String name, boolean fatal, Runnable action) {
        if (!fatal) {
            return new LoggingFaultHandler(name, action);
        }
        return (failureMessage, cause) -> {
            LOG.error("Fatal fault in the embedded Kafka broker's {}: {} (a standalone broker would halt its JVM"
                    + " here; this one leaves the JVM running)", name, failureMessage, cause);
            try {
                action.run();
            } catch (RuntimeException e) {
                LOG.error("The action for the fatal fault in {} failed", name, e);
            }
            return new FaultHandlerException(name + ": " + failureMessage, cause);
        };
    }
}
