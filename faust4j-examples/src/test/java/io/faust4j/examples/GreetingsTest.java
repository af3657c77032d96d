package io.faust4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.faust4j.examples.Greetings.Greeting;
import io.faust4j.test.Faust4jExtension;
import io.faust4j.test.TestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class GreetingsTest {
    private final Greetings greetings = Greetings.create(settings -> settings.topicPartitions(1));

    @RegisterExtension
    final Faust4jExtension faust = Faust4jExtension.forApp(greetings::app);

    @Test
    void greetsEveryoneWhoSendsAGreeting(TestDriver driver) {
        driver.put(greetings.hello(), new Greeting("Faust", "you"));
        driver.put(greetings.hello(), new Greeting("Ada", "Grace"));

        assertThat(driver.emitted(greetings.hello()))
                .containsExactly("Hello from Faust to you", "Hello from Ada to Grace");
    }

    @Test
    void greetingsSentToTheTopicReachTheAgentToo(TestDriver driver) {
        driver.send(greetings.greetings(), "key-1", new Greeting("Bob", "Alice"));
        driver.process();

        assertThat(driver.emitted(greetings.hello())).containsExactly("Hello from Bob to Alice");
    }

    @Test
    void theSampleGreetingIsSentOnceTheAppHasStarted() {
        Greetings sample = Greetings.create(settings -> settings.topicPartitions(1)).sendSampleGreeting();
        try (TestDriver driver = TestDriver.create(sample.app())) {
            driver.process();
            assertThat(driver.emitted(sample.hello())).containsExactly("Hello from Faust to you");
        }
    }
}
