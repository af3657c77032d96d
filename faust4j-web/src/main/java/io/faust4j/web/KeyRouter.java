package io.faust4j.web;

import io.faust4j.Worker;
import io.faust4j.spi.LocalTable;
import java.net.URI;
import java.util.function.Supplier;

/**
 * Decides where a request about one table key is answered: here when this worker holds the key's partition
 * (or the table is global), else at the owner that {@link Worker#owners} names for the partition of the table's
 * changelog, to which the request is forwarded. A forwarded request is never forwarded again: a worker that
 * gets one for a partition it does not hold (ownership moved meanwhile) answers 503, and the client retries.
 */
final class KeyRouter {
    private final Worker worker;
    private final Supplier<URI> self;
    private final Forwarder forwarder;

    KeyRouter(Worker worker, Supplier<URI> self, Forwarder forwarder) {
        this.worker = worker;
        this.self = self;
        this.forwarder = forwarder;
    }

    WebReply route(WebCall call, LocalTable table, Object key, Supplier<WebReply> local) {
        if (!worker.isReady()) {
            return notReady();
        }
        if (table.isGlobal()) {
            return local.get();
        }
        int partition = table.partitionOf(key);
        if (table.heldPartitions().contains(partition)) {
            return local.get();
        }
        String where = "partition " + partition + " of table '" + table.name() + "'";
        if (call.header(Forwarder.FORWARDED_BY).isPresent()) {
            return WebReply.error(503, "Forwarded by " + call.header(Forwarder.FORWARDED_BY).get() + ", but this"
                    + " worker does not hold " + where + " (it moved in a rebalance): retry in a moment");
        }
        URI owner = worker.owners(table.changelogTopic()).get(partition);
        if (owner == null) {
            return WebReply.error(503, "No worker with a web server holds " + where + " right now (a rebalance"
                    + " is under way, or its owner runs with web_enabled=false): retry in a moment");
        }
        if (owner.equals(self.get())) {
            return WebReply.error(503, "This worker is taking over " + where + " and is still recovering it:"
                    + " retry in a moment");
        }
        return forwarder.forward(call, owner);
    }

    static WebReply notReady() {
        return WebReply.error(503, "The worker is not ready: it is starting or recovering its tables (GET /ready"
                + " answers 200 once it is); retry in a moment");
    }
}
