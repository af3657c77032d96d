package io.faust4j.bench.jmh;

import io.faust4j.Codec;
import io.faust4j.Codecs;
import io.faust4j.bench.HandOrderCodec;
import io.faust4j.bench.Order;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The codecs on the engine's per-event path: {@code Codecs.json(Order.class)} decoding and encoding a
 * ~100-byte order (every actor decodes each value it reads), the raw String key codec (every groupBy
 * encodes the new key), and the JSON codec of a table's {@code Long} values (store reads, checkpoints).
 * For comparison: the same bytes decoded into a mutable class, without field-name canonicalization,
 * and by the hand-written
 * {@link HandOrderCodec} (an experiment).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class JsonCodecBenchmark {
    private final Codec<Order> orderCodec = Codecs.json(Order.class);
    private final Codec<String> keyCodec = Codecs.raw(String.class);
    private final Codec<Long> longCodec = Codecs.json(Long.class);
    private final Codec<Order> handCodec = new HandOrderCodec();
    private final Codec<OrderBean> beanCodec = Codecs.json(OrderBean.class);
    /** Core's JsonCodec mapper settings, plus field names not canonicalized (no symbol table per parser). */
    private final ObjectReader nonCanonicalReader = JsonMapper.builder(JsonFactory.builder()
                    .disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES).build())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build().readerFor(Order.class);
    private Order order;
    private byte[] orderBytes;
    private String accountId;
    private Long count;
    private byte[] countBytes;

    @Setup
    public void setUp() {
        order = new Order("o-000123456", "acc-04711", "p-0042", 3, 419.99);
        orderBytes = orderCodec.encode(order);
        accountId = order.accountId();
        count = 12_345L;
        countBytes = longCodec.encode(count);
        if (!handCodec.decode(orderBytes).equals(order) || !beanCodec.decode(orderBytes).orderId.equals(order.orderId())) {
            throw new IllegalStateException("the codecs disagree on " + new String(orderBytes, StandardCharsets.UTF_8));
        }
        if (orderBytes.length < 90 || orderBytes.length > 110) {
            throw new IllegalStateException("expected an order of about 100 bytes, got "
                    + new String(orderBytes, StandardCharsets.UTF_8));
        }
    }

    /** {@link Order} as a mutable class with public fields, for comparison. */
    public static class OrderBean {
        public String orderId;
        public String accountId;
        public String productId;
        public int amount;
        public double price;
    }

    @Benchmark
    public Order decodeOrder() {
        return orderCodec.decode(orderBytes);
    }

    /** The same JSON decoded by the hand-written experiment codec (what a fast codec could cost). */
    @Benchmark
    public Order decodeOrderHandWritten() {
        return handCodec.decode(orderBytes);
    }

    /** The same JSON decoded by a Jackson reader configured like core's, but without field-name canonicalization. */
    @Benchmark
    public Order decodeOrderNoCanonicalization() throws IOException {
        return nonCanonicalReader.readValue(orderBytes);
    }

    /** The same JSON decoded by Jackson into a mutable class (Jackson's setter path, not the record creator). */
    @Benchmark
    public OrderBean decodeOrderAsBean() {
        return beanCodec.decode(orderBytes);
    }

    @Benchmark
    public byte[] encodeOrder() {
        return orderCodec.encode(order);
    }

    @Benchmark
    public byte[] encodeRawStringKey() {
        return keyCodec.encode(accountId);
    }

    @Benchmark
    public Long decodeLongValue() {
        return longCodec.decode(countBytes);
    }

    @Benchmark
    public byte[] encodeLongValue() {
        return longCodec.encode(count);
    }
}
