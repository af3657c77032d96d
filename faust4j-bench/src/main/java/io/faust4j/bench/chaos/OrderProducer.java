package io.faust4j.bench.chaos;

import io.faust4j.Codec;
import io.faust4j.Codecs;
import io.faust4j.bench.Order;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Produces the run's orders into {@code orders} on its own thread, at a steady rate, as another service
 * would: order {@code i} has id {@code o-<i>} (the record key) and an account drawn from the run's seed,
 * in faust4j's JSON record format. With {@code --poison-rate}, a seeded share of the records are poison
 * pills instead: key {@code p-<i>}, value {@code not json <i>}; with {@code --fail-rate}, a seeded share of
 * the orders are for the product the agent refuses ({@link ChaosApp#REFUSED_PRODUCT}). The producer is idempotent with {@code acks=all} and waits minutes
 * before giving up on a send, so it rides out broker restarts; what reached the topic is read back for
 * the verdict, so a failed send can neither hide nor fake a loss.
 */
final class OrderProducer implements Runnable {
    /** How the key of a poison pill starts; an order's key starts with {@code o-}. */
    static final String POISON_PREFIX = "p-";

    private final String bootstrap;
    private final long orders;
    private final long rate;
    private final int accounts;
    private final double poisonRate;
    private final double failRate;
    private final SplittableRandom random;
    private final SplittableRandom mix;
    private final Codec<Order> codec = Codecs.json(Order.class);
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong acked = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong poisonPills = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicReference<Throwable> firstError = new AtomicReference<>();
    private final Thread thread;
    private volatile boolean stopped;

    /**
     * @param random draws the orders (the same for a seed whatever the rates)
     * @param mix draws which records are poison pills and which orders are refused
     */
    OrderProducer(String bootstrap, ChaosOptions o, SplittableRandom random, SplittableRandom mix) {
        this.bootstrap = bootstrap;
        this.orders = o.orders();
        this.rate = o.effectiveRate();
        this.accounts = o.accounts();
        this.poisonRate = o.poisonRate();
        this.failRate = o.failRate();
        this.random = random;
        this.mix = mix;
        this.thread = Thread.ofPlatform().name("chaos-producer").daemon().unstarted(this);
    }

    void start() {
        thread.start();
    }

    boolean isDone() {
        return !thread.isAlive();
    }

    /** Stops early (the run is being torn down). */
    void stop() throws InterruptedException {
        stopped = true;
        thread.join(15_000);
    }

    long sent() {
        return sent.get();
    }

    long acked() {
        return acked.get();
    }

    long failed() {
        return failed.get();
    }

    Throwable firstError() {
        return firstError.get();
    }

    /** Poison pills sent (acknowledged or not). */
    long poisonPills() {
        return poisonPills.get();
    }

    /** Refused orders sent (acknowledged or not). */
    long refused() {
        return refused.get();
    }

    static Order order(long i, int accounts, SplittableRandom random) {
        return new Order("o-" + i, "acc-" + random.nextInt(accounts), "p-" + random.nextInt(1_000),
                1 + random.nextInt(9), random.nextInt(100_000) / 100.0);
    }

    /** The key of poison pill {@code i}. */
    static String poisonKey(long i) {
        return POISON_PREFIX + i;
    }

    /** The value of poison pill {@code i}: bytes that are not JSON, so no order. */
    static byte[] poisonValue(long i) {
        return ("not json " + i).getBytes(StandardCharsets.UTF_8);
    }

    /** Record {@code i}: an order drawn from {@code random}, or instead a poison pill or a refused order by {@code mix}. */
    private ProducerRecord<byte[], byte[]> record(long i) {
        Order order = order(i, accounts, random);
        if (poisonRate > 0 && mix.nextDouble() < poisonRate) {
            poisonPills.incrementAndGet();
            return new ProducerRecord<>(ChaosApp.ORDERS, poisonKey(i).getBytes(StandardCharsets.UTF_8), poisonValue(i));
        }
        if (failRate > 0 && mix.nextDouble() < failRate) {
            refused.incrementAndGet();
            order = new Order(order.orderId(), order.accountId(), ChaosApp.REFUSED_PRODUCT, order.amount(), order.price());
        }
        return new ProducerRecord<>(ChaosApp.ORDERS, order.orderId().getBytes(StandardCharsets.UTF_8), codec.encode(order));
    }

    @Override
    public void run() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "chaos-orders");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 600_000);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 600_000);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 30_000);
        long start = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            long i = 0;
            while (i < orders && !stopped) {
                long due = Math.min(orders, (System.nanoTime() - start) / 1_000_000 * rate / 1_000 + 1);
                for (; i < due; i++) {
                    producer.send(record(i), (metadata, error) -> {
                        if (error == null) {
                            acked.incrementAndGet();
                        } else {
                            failed.incrementAndGet();
                            firstError.compareAndSet(null, error);
                        }
                    });
                    sent.incrementAndGet();
                }
                Thread.sleep(5);
            }
            producer.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            firstError.compareAndSet(null, e);
        }
    }
}
