package io.faust4j.examples;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.faust4j.Codecs;
import io.faust4j.test.Faust4jExtension;
import io.faust4j.test.RawRecord;
import io.faust4j.test.Sent;
import io.faust4j.test.TestDriver;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The ported Faust app without a broker: Faust's bytes in, Faust's bytes out (docs/faust.md, step 2). */
class FaustTakeoverDriverTest {
    private final FaustTakeover takeover = FaustTakeover.create(settings -> { });

    @RegisterExtension
    final Faust4jExtension faust = Faust4jExtension.forApp(takeover::app);

    private static RawRecord faustOrder(String orderId, String accountId) {
        return RawRecord.of("{\"order_id\":\"" + orderId + "\",\"account_id\":\"" + accountId
                + "\",\"amount\":1,\"__faust\":{\"ns\":\"proj.models.Order\"}}").key(orderId.getBytes(UTF_8));
    }

    @Test
    void countsFaustOrdersAndWritesWhatFaustReads(TestDriver driver) {
        driver.sendRaw(takeover.orders(), faustOrder("order-1", "acc-1"));
        driver.sendRaw(takeover.orders(), faustOrder("order-2", "acc-2"));
        driver.sendRaw(takeover.orders(), faustOrder("order-3", "acc-1"));
        driver.process();

        assertThat(driver.table(takeover.counts())).isEqualTo(Map.of("acc-1", 2L, "acc-2", 1L));
        assertThat(driver.topicNames()).contains("proj.agents.count_orders-orders-account_id-repartition",
                "proj-order_count-changelog");
        List<Sent<byte[], byte[]>> counts = driver.sent("account-counts", Codecs.raw(byte[].class),
                Codecs.raw(byte[].class));
        // partitions of different accounts are processed independently: no order between them
        assertThat(counts).extracting(sent -> new String(sent.value(), UTF_8)).containsExactlyInAnyOrder(
                "{\"account_id\":\"acc-1\",\"orders\":1,\"__faust\":{\"ns\":\"proj.models.AccountCount\"}}",
                "{\"account_id\":\"acc-2\",\"orders\":1,\"__faust\":{\"ns\":\"proj.models.AccountCount\"}}",
                "{\"account_id\":\"acc-1\",\"orders\":2,\"__faust\":{\"ns\":\"proj.models.AccountCount\"}}");
        driver.worker().commit();
        List<Sent<byte[], byte[]>> changelog = driver.sent("proj-order_count-changelog", Codecs.raw(byte[].class),
                Codecs.raw(byte[].class));
        // what Faust recovers: the last value of each key (a commit may fall between two updates of one key)
        Map<String, String> recovered = new java.util.HashMap<>();
        changelog.forEach(sent -> recovered.put(new String(sent.key().orElseThrow(), UTF_8), new String(sent.value(), UTF_8)));
        assertThat(recovered).isEqualTo(Map.of("\"acc-1\"", "2", "\"acc-2\"", "1"));
    }
}
