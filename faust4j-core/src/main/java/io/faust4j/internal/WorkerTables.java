package io.faust4j.internal;

import io.faust4j.Settings;
import io.faust4j.spi.Stores;
import io.faust4j.spi.TopicPartition;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The tables of one worker: their runtimes (by table index) over the worker's stores, which partitions'
 * shards are open and whose actors run, and the numbering of table checkpoints. The broker loop tells it
 * of assignments, revocations and losses; the commit protocol asks it which checkpoints a commit made
 * durable ({@link #durability()}).
 */
final class WorkerTables {
    private final TableRuntime<?, ?>[] tables;
    private final Stores stores;
    private final Set<Integer> assigned = ConcurrentHashMap.newKeySet();
    private final AtomicLong checkpoints = new AtomicLong();
    private boolean closed;

    private WorkerTables(List<TableImpl<?, ?>> declared, Stores stores, Settings settings) {
        this.stores = stores;
        this.tables = new TableRuntime<?, ?>[declared.size()];
        for (TableImpl<?, ?> table : declared) {
            // a sharded table is read outside agents only where its actors run; a global one everywhere
            tables[table.index()] = runtime(table, stores, settings, table.isGlobal() ? p -> true : assigned::contains);
        }
    }

    /** No tables (a worker that never opened). */
    static WorkerTables none() {
        return new WorkerTables(List.of(), null, null);
    }

    /** Opens the stores (when the app declares tables) and a runtime per table. */
    static WorkerTables open(List<TableImpl<?, ?>> declared, Settings settings) {
        if (declared.isEmpty()) {
            return none();
        }
        Stores stores = Plugins.openStores(settings);
        try {
            return new WorkerTables(declared, stores, settings);
        } catch (RuntimeException e) {
            stores.close();
            throw e;
        }
    }

    private static <K, V> TableRuntime<K, V> runtime(TableImpl<K, V> table, Stores stores, Settings settings,
                                                     java.util.function.IntPredicate active) {
        return new TableRuntime<>(table, stores.table(table.name()),
                settings.effectiveId() + "-" + table.name() + "-changelog", active);
    }

    /** The runtime of the table with this index. */
    TableRuntime<?, ?> get(int index) {
        return tables[index];
    }

    /** Every table, by index. */
    List<TableRuntime<?, ?>> all() {
        return Arrays.asList(tables);
    }

    /** The tables held in shards, one per partition (not global). */
    List<TableRuntime<?, ?>> sharded() {
        return Arrays.stream(tables).filter(t -> !t.isGlobal()).toList();
    }

    /** The global tables (held whole by every worker). */
    List<TableRuntime<?, ?>> global() {
        return Arrays.stream(tables).filter(TableRuntime::isGlobal).toList();
    }

    int size() {
        return tables.length;
    }

    /** The worker id a durable store keeps in its locked datadir, if any. */
    Optional<String> storedWorkerId() {
        return stores == null ? Optional.empty() : stores.workerId();
    }

    /**
     * Partitions assigned: drops the shards of partitions the loop no longer owns (unless this worker keeps
     * a standby copy), opens those of {@code starting} (partitions whose actors are about to start), and
     * returns what must be recovered first. Shards of owned partitions whose actors keep running (a
     * cooperative rebalance did not move them) are left alone.
     *
     * @param starting the partition numbers whose actors start after this recovery
     * @param owned every partition number the loop owns now, {@code starting} included
     * @param copies the partition numbers this worker keeps standby copies of
     */
    Recovery.Plan prepare(Set<Integer> starting, Set<Integer> owned, Set<Integer> copies) {
        for (TableRuntime<?, ?> table : tables) {
            for (int p = 0; p < table.partitions() && !table.isGlobal(); p++) {
                if (!owned.contains(p) && !copies.contains(p)) {
                    table.drop(p);
                }
            }
        }
        Map<TopicPartition, TableShard<?, ?>> shards = new LinkedHashMap<>();
        for (TableRuntime<?, ?> table : tables) {
            if (table.isGlobal()) {
                continue; // held whole, recovered and followed by GlobalTables
            }
            for (int p : starting) {
                if (p < table.partitions()) {
                    shards.put(new TopicPartition(table.changelogTopic(), p), table.open(p));
                }
            }
        }
        assigned.retainAll(owned);
        return new Recovery.Plan(shards);
    }

    /** The tables of these partitions are recovered and their actors start. */
    void ready(Collection<TopicPartition> partitions) {
        partitions.forEach(tp -> assigned.add(tp.partition()));
    }

    /**
     * Partitions revoked (their actors have stopped): the next actors of these partition numbers may write
     * the shards, if the partitions come back; the shards are kept until the next assignment says whether
     * they did.
     */
    void suspend(Set<Integer> partitions) {
        for (TableRuntime<?, ?> table : tables) {
            table.releaseOwners(partitions);
        }
        assigned.removeAll(partitions);
    }

    /** Partitions lost (or replayed after an aborted transaction): their shards go without writing anything. */
    void drop(Collection<TopicPartition> partitions) {
        for (TopicPartition tp : partitions) {
            for (TableRuntime<?, ?> table : tables) {
                table.discard(tp.partition());
            }
            assigned.remove(tp.partition());
        }
    }

    /** The partition numbers whose actors run with their tables ready, in order. */
    SortedSet<Integer> assigned() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(assigned));
    }

    /** Numbers a table checkpoint once its changelog records are sent (see {@link Committer.Durability}). */
    long nextCheckpoint() {
        return checkpoints.incrementAndGet();
    }

    /** How the broker loop's commits store the table checkpoints they make durable. */
    Committer.Durability durability() {
        return new Committer.Durability() {
            @Override
            public long fence() {
                return checkpoints.get();
            }

            @Override
            public void apply(long fence) {
                for (TableRuntime<?, ?> table : tables) {
                    table.applyDurable(fence);
                }
            }
        };
    }

    /** Closes every table, then the stores (releasing a durable store's datadir lock). */
    synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (TableRuntime<?, ?> table : tables) {
            if (table != null) {
                table.close();
            }
        }
        if (stores != null) {
            stores.close();
        }
    }
}
