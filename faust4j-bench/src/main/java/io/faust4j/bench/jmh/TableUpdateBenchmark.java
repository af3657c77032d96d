package io.faust4j.bench.jmh;

import io.faust4j.App;
import io.faust4j.Table;
import io.faust4j.Topic;
import io.faust4j.bench.Order;
import io.faust4j.internal.BenchAgentContext;
import io.faust4j.internal.memory.MemoryBroker;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The table hot path of an agent: {@code counts.update(account, n -> n + 1)} on a {@code String -> Long}
 * table with a default of 0, over 10,000 accounts in a random order, called on a thread that the engine
 * sees as the actor of partition 0 (see {@link BenchAgentContext}).
 *
 * <ul>
 *   <li>{@code update}: between commits, every key already in the shard's write cache.</li>
 *   <li>{@code updateWithCheckpoints}: a checkpoint every {@code checkpointEvery} updates (the default
 *       {@code commit_every}), so each key's first update after it reads the store (key encode, store
 *       lookup, JSON decode of the Long) and the checkpoint encodes and stores every dirty key.</li>
 *   <li>{@code hashMapMerge}: a plain {@code HashMap.merge} of the same keys, the floor to compare with.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class TableUpdateBenchmark {
    private static final int ORDER_MASK = (1 << 16) - 1;

    @Param("10000")
    public int accounts;

    @Param("100000")
    public int checkpointEvery;

    private String broker;
    private BenchAgentContext context;
    private Table<String, Long> counts;
    private String[] keys;
    private int[] order;
    private int next;
    private int sinceCheckpoint;
    private final Map<String, Long> plain = new HashMap<>();

    @Setup(Level.Trial)
    public void startWorker() {
        broker = "table-bench-" + UUID.randomUUID();
        App app = App.create("table-bench", s -> s.broker("memory://" + broker).topicPartitions(1)
                .commitInterval(Duration.ofHours(1)).commitEvery(Long.MAX_VALUE));
        Topic<String, Order> orders = app.topic("orders", Order.class);
        counts = app.table("order-count", String.class, Long.class, 0L);
        app.agent("idle", orders, stream -> {
            for (Order ignored : stream) {
                // never fed: this agent only makes the worker hold partition 0 and its table shard
            }
        });
        context = BenchAgentContext.start(app, orders, 0);
        keys = new String[accounts];
        for (int i = 0; i < accounts; i++) {
            keys[i] = String.format("acc-%05d", i);
        }
        SplittableRandom random = new SplittableRandom(42);
        order = new int[ORDER_MASK + 1];
        for (int i = 0; i < order.length; i++) {
            order[i] = random.nextInt(accounts);
        }
    }

    @Setup(Level.Iteration)
    public void enterAgent() {
        context.enter();
    }

    @TearDown(Level.Trial)
    public void stopWorker() {
        context.close();
        MemoryBroker.discard(broker);
    }

    @Benchmark
    public Long update() {
        return counts.update(keys[order[next++ & ORDER_MASK]], n -> n + 1);
    }

    @Benchmark
    public Long updateWithCheckpoints() {
        if (++sinceCheckpoint >= checkpointEvery) {
            sinceCheckpoint = 0;
            context.checkpoint();
        }
        return counts.update(keys[order[next++ & ORDER_MASK]], n -> n + 1);
    }

    @Benchmark
    public Long hashMapMerge() {
        return plain.merge(keys[order[next++ & ORDER_MASK]], 1L, Long::sum);
    }
}
