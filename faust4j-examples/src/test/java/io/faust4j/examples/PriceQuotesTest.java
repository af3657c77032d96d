package io.faust4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.faust4j.examples.PriceQuotes.Quote;
import io.faust4j.examples.PriceQuotes.QuoteRequest;
import io.faust4j.test.Faust4jExtension;
import io.faust4j.test.TestDriver;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PriceQuotesTest {
    private final PriceQuotes quotes = PriceQuotes.create(settings -> settings.topicPartitions(2));

    @RegisterExtension
    final Faust4jExtension faust = Faust4jExtension.forApp(quotes::app);

    @Test
    void askGetsTheQuoteTheAgentEmitsForTheRequest(TestDriver driver) {
        Quote quote = quotes.quote().ask("pen", new QuoteRequest("pen", 10), Quote.class, Duration.ofSeconds(10));

        assertThat(quote).isEqualTo(new Quote("pen", 10, 1_500, true));
    }

    @Test
    void joinReturnsTheRepliesInTheOrderAsked(TestDriver driver) {
        List<Quote> replies = quotes.quote().join(List.of(new QuoteRequest("paper", 2), new QuoteRequest("stapler", 1),
                new QuoteRequest("ink", 1)), Quote.class, Duration.ofSeconds(10));

        assertThat(replies).containsExactly(new Quote("paper", 2, 998, true), new Quote("stapler", 1, 0, false),
                new Quote("ink", 1, 1_250, true));
    }
}
