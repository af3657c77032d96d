package io.faust4j.kafka.embedded;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.server.ServerSocketFactory;

/**
 * The node's listening sockets (broker and controller, plus an internal one on a secured node), bound
 * before Kafka starts and handed to it when it opens its listeners: a free port is then known (for the configuration) and held at once, so no other process
 * can take it between choosing and binding. The idea of Kafka's own test kit
 * ({@code PreboundSocketFactoryManager}).
 */
final class PreboundSockets implements ServerSocketFactory, AutoCloseable {
    private final Map<String, ServerSocketChannel> sockets;
    private final Set<String> handedOut = ConcurrentHashMap.newKeySet();

    private PreboundSockets(Map<String, ServerSocketChannel> sockets) {
        this.sockets = sockets;
    }

    /** Binds the PLAINTEXT broker listener on {@code port} (0 for a free one) and the controller on a free port. */
    static PreboundSockets bind(int port) {
        return bind(List.of(BrokerSettings.BROKER_LISTENER, BrokerSettings.CONTROLLER_LISTENER), port);
    }

    /** Binds the first listener of {@code listeners} on {@code port} (0 for a free one), the others on free ports. */
    static PreboundSockets bind(List<String> listeners, int port) {
        Map<String, ServerSocketChannel> bound = new LinkedHashMap<>();
        try {
            for (String listener : listeners) {
                bound.put(listener, open(listener, bound.isEmpty() ? port : 0));
            }
            return new PreboundSockets(bound);
        } catch (RuntimeException e) {
            bound.values().forEach(PreboundSockets::closeQuietly);
            throw e;
        }
    }

    /** The port the listener of that name is bound to. */
    int port(String listener) {
        return sockets.get(listener).socket().getLocalPort();
    }

    int brokerPort() {
        return port(BrokerSettings.BROKER_LISTENER);
    }

    int controllerPort() {
        return port(BrokerSettings.CONTROLLER_LISTENER);
    }

    @Override
    public ServerSocketChannel openServerSocket(String listenerName, InetSocketAddress address,
                                                int backlog, int recvBufferSize) throws IOException {
        ServerSocketChannel bound = sockets.get(listenerName);
        if (bound != null && handedOut.add(listenerName)) {
            return bound;
        }
        return INSTANCE.openServerSocket(listenerName, address, backlog, recvBufferSize);
    }

    /** Closes the sockets; Kafka closes the ones it took when it stops, so this only matters after a failed start. */
    @Override
    public void close() {
        sockets.values().forEach(PreboundSockets::closeQuietly);
    }

    private static ServerSocketChannel open(String listener, int port) {
        var address = new InetSocketAddress(BrokerSettings.HOST, port);
        try {
            return INSTANCE.openServerSocket(listener, address, -1, -1);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("Cannot listen on " + BrokerSettings.HOST + ":" + port
                    + " for the " + listener + " listener: " + e.getMessage(), e);
        }
    }

    private static void closeQuietly(ServerSocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // closing a listening socket only fails if it is already gone
        }
    }
}
