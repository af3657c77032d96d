package io.faust4j.kafka.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class OptionsTest {

    @Test
    void defaultsAreInProcessOnAFreePortInATemporaryDirectory() {
        var options = EmbeddedKafka.Options.defaults();
        assertThat(options.dataDir()).isEmpty();
        assertThat(options.port()).isZero();
        assertThat(options.brokerConfig()).isEmpty();
        assertThat(options.childProcess()).isFalse();
    }

    @Test
    void withersReturnChangedCopies() {
        var defaults = EmbeddedKafka.Options.defaults();
        var options = defaults.dataDir(Path.of("/tmp/k")).port(19092).config("log.retention.ms", "1000")
                .config("log.retention.ms", "2000").childProcess(true);
        assertThat(options).isEqualTo(new EmbeddedKafka.Options(
                Optional.of(Path.of("/tmp/k")), 19092, Map.of("log.retention.ms", "2000"), true));
        assertThat(defaults).isEqualTo(EmbeddedKafka.Options.defaults());
    }

    @Test
    void rejectsAnInvalidPortNamingIt() {
        assertThatThrownBy(() -> EmbeddedKafka.Options.defaults().port(70_000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("70000");
        assertThatThrownBy(() -> EmbeddedKafka.Options.defaults().port(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
    }

    @Test
    void rejectsManagedBrokerConfigNamingTheKey() {
        assertThatThrownBy(() -> EmbeddedKafka.Options.defaults().config("listeners", "PLAINTEXT://:9092"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("listeners");
    }

    @Test
    void brokerConfigOverridesDefaultsButNotManagedSettings() {
        var props = BrokerSettings.of(Path.of("/data"), 9092, 9093, Map.of("num.partitions", "6"));
        assertThat(props)
                .containsEntry("num.partitions", "6")
                .containsEntry("auto.create.topics.enable", "false")
                .containsEntry("offsets.topic.replication.factor", "1")
                .containsEntry("listeners", "PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093")
                .containsEntry("controller.quorum.voters", "1@127.0.0.1:9093")
                .containsEntry("log.dirs", Path.of("/data/logs").toAbsolutePath().toString())
                .containsEntry("metadata.log.dir", Path.of("/data/metadata").toAbsolutePath().toString());
    }

    @Test
    void mainParsesItsArguments() {
        var args = MainCommand.parse(new String[] {
                "--port", "0", "--data-dir", "/tmp/d", "--config", "a.b=c=d", "--parent-pid", "42"});
        assertThat(args.port()).isZero();
        assertThat(args.dataDir()).contains(Path.of("/tmp/d"));
        assertThat(args.config()).containsExactlyEntriesOf(Map.of("a.b", "c=d"));
        assertThat(args.parentPid()).contains(42L);
        assertThatThrownBy(() -> MainCommand.parse(new String[] {"--port"}))
                .hasMessageContaining("--port");
        assertThatThrownBy(() -> MainCommand.parse(new String[] {"--bogus", "1"}))
                .hasMessageContaining("--bogus");
    }
}
