package io.faust4j.bench.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ChaosOptionsTest {
    @Test
    void theFullRunHasAMillionOrdersAndAtLeastFiveKills() {
        ChaosOptions o = ChaosOptions.parse();
        assertThat(o.orders()).isGreaterThanOrEqualTo(1_000_000);
        assertThat(o.kills()).isGreaterThanOrEqualTo(5);
        assertThat(o.guarantee()).isEqualTo("at_least_once");
        assertThat(o.seed()).isEmpty();
    }

    @Test
    void shortSwitchesToTheTestDefaultsAndLaterOptionsStillApply() {
        ChaosOptions o = ChaosOptions.parse("--short", "--kills", "2", "--seed", "42");
        assertThat(o.orders()).isEqualTo(30_000);
        assertThat(o.workers()).isEqualTo(2);
        assertThat(o.kills()).isEqualTo(2);
        assertThat(o.seed()).hasValue(42);
        assertThat(o.effectiveRate()).isEqualTo(1_500);  // 30,000 orders over 80% of 25 s
    }

    @Test
    void exactlyOnceIsPassedThrough() {
        assertThat(ChaosOptions.parse("--guarantee", "exactly_once").exactlyOnce()).isTrue();
    }

    @Test
    void badValuesAreRefusedByName() {
        assertThatThrownBy(() -> ChaosOptions.parse("--guarantee", "at_most_once"))
                .hasMessageContaining("--guarantee at_most_once");
        assertThatThrownBy(() -> ChaosOptions.parse("--workers", "0")).hasMessageContaining("--workers 0");
        assertThatThrownBy(() -> ChaosOptions.parse("--kills")).hasMessageContaining("--kills needs a value");
        assertThatThrownBy(() -> ChaosOptions.parse("--worker-setting", "x")).hasMessageContaining("name=value");
        assertThatThrownBy(() -> ChaosOptions.parse("--bogus", "1")).hasMessageContaining("unknown option --bogus");
    }

    @Test
    void deadLettersAreOptInAndTheirRatesAreShares() {
        assertThat(ChaosOptions.parse().deadLetters()).isFalse();
        ChaosOptions o = ChaosOptions.parse("--poison-rate", "0.001", "--fail-rate", "0.002");
        assertThat(o.poisonRate()).isEqualTo(0.001);
        assertThat(o.failRate()).isEqualTo(0.002);
        assertThat(o.deadLetters()).isTrue();
        assertThatThrownBy(() -> ChaosOptions.parse("--poison-rate", "1")).hasMessageContaining("--poison-rate 1");
        assertThatThrownBy(() -> ChaosOptions.parse("--fail-rate", "-0.1")).hasMessageContaining("--fail-rate -0.1");
        assertThatThrownBy(() -> ChaosOptions.parse("--fail-rate", "a lot")).hasMessageContaining("is not a number");
    }

    @Test
    void brokerRestartAndChurnAreOptIn() {
        ChaosOptions o = ChaosOptions.parse("--broker-restart", "--churn", "--churn-interval", "3000");
        assertThat(o.brokerRestarts()).isEqualTo(1);
        assertThat(o.churn()).isTrue();
        assertThat(o.churnInterval()).isEqualTo(Duration.ofSeconds(3));
        assertThat(ChaosOptions.parse().brokerRestarts()).isZero();
        assertThat(ChaosOptions.parse().churn()).isFalse();
    }
}
