package io.faust4j.examples;

import io.faust4j.Agent;
import io.faust4j.App;
import io.faust4j.Settings;
import io.faust4j.Topic;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Agent RPC, as Faust's {@code agent.ask}: agent {@code quote} prices a request for a quantity of a product
 * and emits a {@link Quote}; whoever asks gets that emitted quote back as the reply. {@code main} asks for
 * one quote, then joins the replies for several requests (in the order asked).
 *
 * @param app the app
 * @param requests the topic quote requests arrive on
 * @param quote the agent that answers them
 */
public record PriceQuotes(App app, Topic<String, QuoteRequest> requests, Agent<String, QuoteRequest> quote) {
    private static final Logger LOG = LoggerFactory.getLogger(PriceQuotes.class);
    private static final Map<String, Integer> CENTS = Map.of("pen", 150, "paper", 499, "ink", 1_250);

    /**
     * A request for a quote.
     *
     * @param product the product
     * @param quantity how many
     */
    public record QuoteRequest(String product, int quantity) {
    }

    /**
     * The reply: the total price, or {@code available == false} for a product not sold.
     *
     * @param product the product
     * @param quantity how many
     * @param totalCents the price of them all, in cents
     * @param available whether the product is sold
     */
    public record Quote(String product, int quantity, long totalCents, boolean available) {
    }

    /** Declares the app; {@code settings} adds to or overrides its settings. */
    public static PriceQuotes create(Consumer<Settings.Builder> settings) {
        App app = App.create("price-quotes", settings);
        Topic<String, QuoteRequest> requests = app.topic("quote-requests", QuoteRequest.class);
        Agent<String, QuoteRequest> quote = app.agent("quote", requests, stream -> {
            for (QuoteRequest request : stream) {
                Integer cents = CENTS.get(request.product());
                stream.emit(cents == null ? new Quote(request.product(), request.quantity(), 0, false)
                        : new Quote(request.product(), request.quantity(), (long) cents * request.quantity(), true));
            }
        });
        return new PriceQuotes(app, requests, quote);
    }

    /** Runs the app on the in-memory broker, asks it for quotes, and waits for Ctrl-C. */
    public static void main(String[] args) {
        PriceQuotes example = create(settings -> { });
        example.app().task(context -> { // once the worker is ready: ask it, as a client would
            Quote one = example.quote().ask("pen", new QuoteRequest("pen", 10), Quote.class, Duration.ofSeconds(10));
            LOG.info("asked: {}", one);
            List<Quote> many = example.quote().join(List.of(new QuoteRequest("paper", 2), new QuoteRequest("ink", 1),
                    new QuoteRequest("stapler", 1)), Quote.class, Duration.ofSeconds(10));
            many.forEach(q -> LOG.info("joined: {}", q));
        });
        example.app().run();
    }
}
