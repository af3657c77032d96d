package io.faust4j.internal.memory;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A topic of the in-memory broker: its partitions' logs and the consumers to wake on appends. */
final class MemoryTopic {
    private final String name;
    private final MemoryLog[] partitions;
    private final List<MemoryConsumer> listeners = new CopyOnWriteArrayList<>();

    MemoryTopic(String name, int partitionCount) {
        this.name = name;
        this.partitions = new MemoryLog[partitionCount];
        for (int p = 0; p < partitionCount; p++) {
            partitions[p] = new MemoryLog(name, p);
        }
    }

    String name() {
        return name;
    }

    int partitionCount() {
        return partitions.length;
    }

    MemoryLog log(int partition) {
        return partitions[partition];
    }

    void addListener(MemoryConsumer consumer) {
        if (!listeners.contains(consumer)) {
            listeners.add(consumer);
        }
    }

    void removeListener(MemoryConsumer consumer) {
        listeners.remove(consumer);
    }

    void notifyAppended() {
        for (MemoryConsumer consumer : listeners) {
            consumer.dataArrived();
        }
    }
}
