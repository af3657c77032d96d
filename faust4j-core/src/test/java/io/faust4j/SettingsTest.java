package io.faust4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

class SettingsTest {
    @TempDir
    Path dir;

    private static Settings.Builder builder() {
        return Settings.builder("orders").environment(Map.of());
    }

    private Path propertiesFile(String... lines) throws IOException {
        return Files.write(dir.resolve("app.properties"), List.of(lines));
    }

    @Test
    void usesDeclaredDefaultsWhenNothingIsSet() {
        Settings settings = builder().build();

        assertThat(settings.broker()).containsExactly("memory://");
        assertThat(settings.store()).isEqualTo("memory://");
        assertThat(settings.version()).isEqualTo(1);
        assertThat(settings.processingGuarantee()).isEqualTo(ProcessingGuarantee.AT_LEAST_ONCE);
        assertThat(settings.topicPartitions()).isEqualTo(8);
        assertThat(settings.topicReplicationFactor()).isEqualTo(1);
        assertThat(settings.topicAllowDeclare()).isTrue();
        assertThat(settings.streamBufferMaxsize()).isEqualTo(4096);
        assertThat(settings.commitInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(settings.commitEvery()).isEqualTo(100_000L);
        assertThat(settings.keySerializer()).isEqualTo("raw");
        assertThat(settings.valueSerializer()).isEqualTo("json");
        assertThat(settings.datadir()).isEqualTo(Path.of("orders-data"));
        assertThat(settings.consumerAutoOffsetReset()).isEqualTo(OffsetReset.EARLIEST);
        assertThat(settings.consumerMaxPollRecords()).isEqualTo(1000);
        assertThat(settings.clock()).isEqualTo(InstantSource.system());
    }

    @Test
    void kafkaClientSettingsDefaultToThroughputTunedValues() {
        Settings settings = builder().build();

        assertThat(settings.get(Settings.PRODUCER_LINGER)).isEqualTo(Duration.ofMillis(5));
        assertThat(settings.get(Settings.PRODUCER_BATCH_SIZE)).isEqualTo(128 * 1024);
        assertThat(settings.get(Settings.PRODUCER_ACKS)).isEqualTo("all");
        assertThat(settings.get(Settings.PRODUCER_COMPRESSION_TYPE)).isEqualTo("none");
        assertThat(settings.get(Settings.PRODUCER_MAX_REQUEST_SIZE)).isEqualTo(1024 * 1024);
        assertThat(settings.get(Settings.CONSUMER_FETCH_MIN_BYTES)).isEqualTo(1);
        assertThat(settings.get(Settings.CONSUMER_FETCH_MAX_WAIT)).isEqualTo(Duration.ofMillis(500));
        assertThat(settings.get(Settings.CONSUMER_FETCH_MAX_BYTES)).isEqualTo(50 * 1024 * 1024);
        assertThat(settings.get(Settings.CONSUMER_MAX_PARTITION_FETCH_BYTES)).isEqualTo(1024 * 1024);
        assertThat(settings.get(Settings.BROKER_CONNECT_TIMEOUT)).isEqualTo(Duration.ofSeconds(15));
        assertThat(settings.get(Settings.BROKER_REQUEST_TIMEOUT)).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.get(Settings.SECURITY_PROTOCOL)).isEqualTo("PLAINTEXT");
        assertThat(settings.get(Settings.SASL_MECHANISM)).isEqualTo("PLAIN");
        assertThat(settings.get(Settings.SASL_USERNAME)).isEmpty();
        assertThat(settings.get(Settings.SASL_PASSWORD)).isEmpty();
        assertThat(settings.get(Settings.SSL_ENDPOINT_IDENTIFICATION_ALGORITHM)).isEqualTo("https");
    }

    @ParameterizedTest
    @CsvSource({"1, 1", "65536, 65536", "64KiB, 65536", "64 kib, 65536", "1MiB, 1048576", "1GiB, 1073741824"})
    void parsesSizesInBytesOrBinaryUnits(String raw, int bytes) {
        assertThat(Settings.PRODUCER_BATCH_SIZE.parse(raw)).isEqualTo(bytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "1.5MiB", "10KB", "2GiB", "lots"})
    void rejectsSizesThatAreNotWholePositiveByteCounts(String raw) {
        assertThatThrownBy(() -> builder().set("producer_batch_size", raw).build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("'" + raw + "' for setting 'producer_batch_size'")
                .hasMessageContaining("KiB, MiB or GiB");
    }

    @Test
    void writesSizesBackInTheLargestExactUnit() {
        String text = builder().set(Settings.PRODUCER_BATCH_SIZE, 256 * 1024)
                .set(Settings.CONSUMER_FETCH_MIN_BYTES, 1000).build().toString();

        assertThat(text).contains("producer_batch_size=256KiB", "consumer_fetch_min_bytes=1000",
                "consumer_fetch_max_bytes=50MiB");
    }

    @ParameterizedTest
    @CsvSource({"sasl_ssl, SASL_SSL", "SASL-PLAINTEXT, SASL_PLAINTEXT", "ssl, SSL"})
    void parsesChoicesIgnoringCaseAndDashesIntoTheDeclaredSpelling(String raw, String expected) {
        assertThat(builder().set("security_protocol", raw).build().get(Settings.SECURITY_PROTOCOL)).isEqualTo(expected);
        assertThat(Settings.SASL_MECHANISM.parse("scram_sha_512")).isEqualTo("SCRAM-SHA-512");
    }

    @Test
    void rejectsOtherChoicesListingTheAllowedOnes() {
        assertThatThrownBy(() -> builder().set(Settings.SASL_MECHANISM, "GSSAPI").build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("'GSSAPI' for setting 'sasl_mechanism' (from code)")
                .hasMessageContaining("expected one of PLAIN, SCRAM-SHA-256, SCRAM-SHA-512");
    }

    @Test
    void lingerMayBeZeroButNotNegative() {
        assertThat(builder().set("producer_linger", "0").build().get(Settings.PRODUCER_LINGER)).isZero();
        assertThatThrownBy(() -> builder().set(Settings.PRODUCER_LINGER, Duration.ofMillis(-1)).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("zero or more");
    }

    @Test
    void passwordsAreNeverPrinted() {
        Settings settings = builder().set("sasl_password", "hunter2").set(Settings.SSL_KEYSTORE_PASSWORD, "k3y")
                .environment(Map.of("FAUST4J_SSL_TRUSTSTORE_PASSWORD", "tru5t")).build();

        assertThat(settings.get(Settings.SASL_PASSWORD)).isEqualTo("hunter2");
        assertThat(settings.get(Settings.SSL_TRUSTSTORE_PASSWORD)).isEqualTo("tru5t");
        assertThat(settings.toString()).contains("sasl_password=****", "ssl_keystore_password=****",
                "ssl_truststore_password=****", "ssl_key_password=,").doesNotContain("hunter2", "k3y", "tru5t");
        assertThat(Settings.referenceMarkdown()).contains("| `sasl_password` | secret text | (empty) |");
    }

    @Test
    void codeBeatsEnvironmentWhichBeatsPropertiesFileWhichBeatsDefault() throws IOException {
        Path file = propertiesFile("commit_interval=3s", "topic_partitions=3", "commit_every=7");
        Settings settings = Settings.builder("orders")
                .propertiesFile(file)
                .environment(Map.of("FAUST4J_COMMIT_INTERVAL", "2s", "FAUST4J_TOPIC_PARTITIONS", "4"))
                .commitInterval(Duration.ofMillis(1500))
                .build();

        assertThat(settings.commitInterval()).isEqualTo(Duration.ofMillis(1500));
        assertThat(settings.topicPartitions()).isEqualTo(4);
        assertThat(settings.commitEvery()).isEqualTo(7);
        assertThat(settings.streamBufferMaxsize()).isEqualTo(4096);
    }

    @Test
    void readsThePropertiesFileNamedByFaust4jConfig() throws IOException {
        Path file = propertiesFile("broker=kafka://a:9092", "processing_guarantee=exactly_once");

        Settings settings = Settings.builder("orders").environment(Map.of("FAUST4J_CONFIG", file.toString())).build();

        assertThat(settings.broker()).containsExactly("kafka://a:9092");
        assertThat(settings.processingGuarantee()).isEqualTo(ProcessingGuarantee.EXACTLY_ONCE);
    }

    @Test
    void propertiesFileSetInCodeWinsOverFaust4jConfig() throws IOException {
        Path inCode = propertiesFile("version=2");
        Path fromEnv = Files.writeString(dir.resolve("other.properties"), "version=5\n");

        Settings settings = Settings.builder("orders").propertiesFile(inCode)
                .environment(Map.of("FAUST4J_CONFIG", fromEnv.toString())).build();

        assertThat(settings.version()).isEqualTo(2);
    }

    @Test
    void missingPropertiesFileIsAnErrorNamingThePath() {
        Path missing = dir.resolve("nope.properties");

        assertThatThrownBy(() -> builder().propertiesFile(missing).build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("does not exist");
    }

    @Test
    void unknownKeyInPropertiesFileNamesFileAndKeyAndSuggestsTheClosestName() throws IOException {
        Path file = propertiesFile("comit_interval=1s");

        assertThatThrownBy(() -> builder().propertiesFile(file).build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("unknown setting 'comit_interval'")
                .hasMessageContaining("did you mean 'commit_interval'?");
    }

    @Test
    void settingAnUnknownNameInCodeFailsAtOnceWithCloseMatches() {
        assertThatThrownBy(() -> builder().set("topic-partition", "3"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("Unknown setting 'topic-partition'; did you mean 'topic_partitions'?");
        assertThatThrownBy(() -> builder().set("zzz", "3"))
                .hasMessageNotContaining("did you mean")
                .hasMessageContaining("Known settings: broker, store, version");
    }

    @Test
    void badValueFromEnvironmentNamesSettingValueSourceAndWhatIsAllowed() {
        assertThatThrownBy(() -> builder().environment(Map.of("FAUST4J_COMMIT_INTERVAL", "abc")).build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("Invalid value 'abc' for setting 'commit_interval' (from environment variable "
                        + "FAUST4J_COMMIT_INTERVAL): expected a duration such as 500ms, 2.5s, 1m or PT1S.");
    }

    @Test
    void badValueFromCodeNamesCodeAsTheSource() {
        assertThatThrownBy(() -> builder().version(0).build())
                .hasMessage("Invalid value '0' for setting 'version' (from code): expected an integer >= 1.");
        assertThatThrownBy(() -> builder().set("topic_partitions", "many").build())
                .hasMessage("Invalid value 'many' for setting 'topic_partitions' (from code): expected an integer >= 1.");
        assertThatThrownBy(() -> builder().keySerializer("xml").build())
                .hasMessageStartingWith("Invalid value 'xml' for setting 'key_serializer' (from code): "
                        + "expected a codec name (one of raw, json, json-faust, json-jackson, binary");
    }

    @Test
    void badValueFromPropertiesFileNamesTheKeyAndFile() throws IOException {
        Path file = propertiesFile("consumer_auto_offset_reset=middle");

        assertThatThrownBy(() -> builder().propertiesFile(file).build())
                .hasMessage("Invalid value 'middle' for setting 'consumer_auto_offset_reset' (from key "
                        + "'consumer_auto_offset_reset' in properties file " + file + "): expected one of earliest, latest.");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '=', value = {
        "500ms = PT0.5S", "2.5s = PT2.5S", "1m = PT1M", "PT1S = PT1S", "2.8 = PT2.8S", "1h = PT1H",
        "' 3s ' = PT3S", ".25 = PT0.25S", "2d = PT48H", "10 ms = PT0.01S"})
    void parsesDurations(String raw, String iso) {
        assertThat(Settings.COMMIT_INTERVAL.parse(raw)).isEqualTo(Duration.parse(iso));
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "", "0", "0ms", "-1s", "PT0S", "PT-1S", "5 parsecs", "1.2.3", "ms", "Pfoo",
        "99999999999999d"})
    void rejectsBadDurations(String raw) {
        assertThatThrownBy(() -> Settings.COMMIT_INTERVAL.parse(raw))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("expected a duration");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1s", " -500ms", "-PT1S", "PT-1S", "-2.5"})
    void saysThatNegativeDurationsAreNotAllowed(String raw) {
        assertThatThrownBy(() -> builder().environment(Map.of("FAUST4J_COMMIT_INTERVAL", raw)).build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("for setting 'commit_interval' (from environment variable FAUST4J_COMMIT_INTERVAL)")
                .hasMessageEndingWith(": negative durations are not allowed.");
        assertThatThrownBy(() -> Settings.PRODUCER_LINGER.parse(raw)).hasMessageContaining("negative durations are not allowed");
    }

    @Test
    void aMalformedDurationWithAMinusIsNotCalledNegative() {
        assertThatThrownBy(() -> Settings.COMMIT_INTERVAL.parse("-abc"))
                .hasMessage("expected a duration such as 500ms, 2.5s, 1m or PT1S");
    }

    @Test
    void unknownFaust4jEnvironmentVariablesAreWarnedWithTheNearestSetting() {
        assertThat(SettingsResolver.unknownEnvironment(Map.of(
                "FAUST4J_COMIT_INTERVAL", "1s",
                "FAUST4J_TOPIC_PARTITION", "3",
                "FAUST4J_QWERTYUIOP", "x",
                "FAUST4J_BROKER", "memory://",
                "FAUST4J_CONFIG", "app.properties",
                "FAUST4J_MIN_JDK", "21",
                "PATH", "/bin")))
                .containsExactly(
                        "Environment variable FAUST4J_COMIT_INTERVAL is not a faust4j setting and is ignored; did you"
                                + " mean FAUST4J_COMMIT_INTERVAL?",
                        "Environment variable FAUST4J_QWERTYUIOP is not a faust4j setting and is ignored; setting"
                                + " variables are FAUST4J_ and a setting name in capitals, such as FAUST4J_COMMIT_INTERVAL",
                        "Environment variable FAUST4J_TOPIC_PARTITION is not a faust4j setting and is ignored; did you"
                                + " mean FAUST4J_TOPIC_PARTITIONS?");
    }

    @Test
    void buildingSettingsLogsTheWarningOnceAndStillSucceeds() {
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        Logger logger = (Logger) LoggerFactory.getLogger(Settings.class);
        log.start();
        logger.addAppender(log);
        try {
            Map<String, String> env = Map.of("FAUST4J_COMMIT_INTERVALL", "7s");
            Settings settings = builder().environment(env).build();
            builder().environment(env).build();
            assertThat(settings.commitInterval()).isEqualTo(Settings.COMMIT_INTERVAL.defaultValue());
            assertThat(log.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly(
                    "Environment variable FAUST4J_COMMIT_INTERVALL is not a faust4j setting and is ignored; did you"
                            + " mean FAUST4J_COMMIT_INTERVAL?");
        } finally {
            logger.detachAppender(log);
        }
    }

    @Test
    void writesDurationsBackAsTextThatParsesToTheSameValue() {
        for (Duration duration : List.of(Duration.ofMillis(500), Duration.ofSeconds(90), Duration.ofHours(2),
                Duration.ofMinutes(3), Duration.ofNanos(1500), Duration.ofMillis(2500))) {
            String text = builder().commitInterval(duration).build().toString()
                    .replaceAll(".*commit_interval=([^,]+),.*", "$1");
            assertThat(Settings.COMMIT_INTERVAL.parse(text)).as(text).isEqualTo(duration);
        }
    }

    @Test
    void parsesBrokerListsSeparatedBySemicolonsOrCommas() {
        assertThat(Settings.BROKER.parse("kafka://a:9092;kafka://b:9092")).containsExactly("kafka://a:9092", "kafka://b:9092");
        assertThat(Settings.BROKER.parse(" kafka://a:9092 , kafka://b:9092 ")).containsExactly("kafka://a:9092", "kafka://b:9092");
        assertThat(Settings.BROKER.parse("memory://name")).containsExactly("memory://name");
        assertThat(builder().broker("memory://;memory://x").build().broker()).containsExactly("memory://", "memory://x");
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost:9092", "", " ", "kafka://a:9092;;", ";", "kafka://a b", "://x", "9kafka://x"})
    void rejectsBrokersThatAreNotUrls(String raw) {
        assertThatThrownBy(() -> Settings.BROKER.parse(raw)).hasMessageStartingWith("expected one or more URLs");
    }

    @Test
    void rejectsAnEmptyBrokerListGivenInCode() {
        assertThatThrownBy(() -> builder().set(Settings.BROKER, List.of()).build())
                .hasMessageContaining("for setting 'broker' (from code): expected one or more URLs");
    }

    @Test
    void parsesStoreUrls() {
        assertThat(Settings.STORE.parse(" rocksdb:// ")).isEqualTo("rocksdb://");
        assertThatThrownBy(() -> Settings.STORE.parse("rocksdb")).hasMessageStartingWith("expected a URL scheme://");
    }

    @ParameterizedTest
    @CsvSource({"at_least_once, AT_LEAST_ONCE", "EXACTLY_ONCE, EXACTLY_ONCE", "exactly-once, EXACTLY_ONCE",
        "' At-Least-Once ', AT_LEAST_ONCE"})
    void parsesProcessingGuaranteesIgnoringCaseAndDashes(String raw, ProcessingGuarantee expected) {
        assertThat(Settings.PROCESSING_GUARANTEE.parse(raw)).isEqualTo(expected);
    }

    @Test
    void rejectsUnknownEnumValuesListingTheAllowedOnes() {
        assertThatThrownBy(() -> Settings.PROCESSING_GUARANTEE.parse("once"))
                .hasMessage("expected one of at_least_once, exactly_once");
        assertThat(Settings.CONSUMER_AUTO_OFFSET_RESET.parse("LATEST")).isEqualTo(OffsetReset.LATEST);
    }

    @ParameterizedTest
    @CsvSource({"true, true", "YES, true", "on, true", "1, true", "false, false", "No, false", "off, false", "0, false"})
    void parsesBooleans(String raw, boolean expected) {
        assertThat(Settings.TOPIC_ALLOW_DECLARE.parse(raw)).isEqualTo(expected);
    }

    @Test
    void rejectsOtherBooleans() {
        assertThatThrownBy(() -> Settings.TOPIC_ALLOW_DECLARE.parse("maybe")).hasMessageStartingWith("expected true or false");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-2", "x", "1.5", "99999999999", ""})
    void rejectsIntegersBelowOneOrNotIntegers(String raw) {
        for (Setting<Integer> setting : List.of(Settings.VERSION, Settings.TOPIC_PARTITIONS,
                Settings.TOPIC_REPLICATION_FACTOR, Settings.STREAM_BUFFER_MAXSIZE, Settings.CONSUMER_MAX_POLL_RECORDS)) {
            assertThatThrownBy(() -> setting.parse(raw)).as(setting.name()).hasMessage("expected an integer >= 1");
        }
    }

    @Test
    void parsesIntegersAndLongs() {
        assertThat(Settings.TOPIC_PARTITIONS.parse(" 12 ")).isEqualTo(12);
        assertThat(Settings.COMMIT_EVERY.parse("100000000000")).isEqualTo(100_000_000_000L);
        assertThatThrownBy(() -> Settings.COMMIT_EVERY.parse("0")).hasMessage("expected an integer >= 1");
    }

    @Test
    void parsesCodecNamesAndCompositions() {
        assertThat(Settings.VALUE_SERIALIZER.parse("json|binary")).isEqualTo("json|binary");
        assertThat(Settings.KEY_SERIALIZER.parse(" raw | binary ")).isEqualTo("raw|binary");
        for (String bad : List.of("xml", "json|", "", "json||binary")) {
            assertThatThrownBy(() -> Settings.VALUE_SERIALIZER.parse(bad)).as(bad)
                    .hasMessageStartingWith("expected a codec name (one of raw, json, json-faust, json-jackson, binary");
        }
    }

    @Test
    void parsesDataDirectories() {
        assertThat(Settings.DATADIR.parse("/var/lib/orders")).isEqualTo(Path.of("/var/lib/orders"));
        assertThatThrownBy(() -> Settings.DATADIR.parse(" ")).hasMessageStartingWith("expected a directory path");
        assertThatThrownBy(() -> Settings.DATADIR.parse("a\0b")).hasMessageStartingWith("expected a directory path");
    }

    @Test
    void effectiveIdAndDefaultDataDirectoryGainTheVersionAfterVersionOne() {
        Settings v1 = builder().build();
        Settings v3 = builder().version(3).build();

        assertThat(v1.effectiveId()).isEqualTo("orders");
        assertThat(v3.id()).isEqualTo("orders");
        assertThat(v3.effectiveId()).isEqualTo("orders-v3");
        assertThat(v3.datadir()).isEqualTo(Path.of("orders-v3-data"));
        assertThat(builder().version(3).datadir(Path.of("/data")).build().datadir()).isEqualTo(Path.of("/data"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "my app", "a/b", "ordérs"})
    void rejectsAppIdsThatCannotNameTopics(String id) {
        assertThatThrownBy(() -> Settings.builder(id))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("Invalid app id '" + id + "': expected one or more letters, digits");
    }

    @Test
    void toBuilderKeepsEverythingAndAllowsOverridesWithoutChangingTheOriginal() {
        InstantSource clock = InstantSource.fixed(Instant.parse("2024-01-01T00:00:00Z"));
        Settings original = Settings.builder("orders").environment(Map.of("FAUST4J_TOPIC_PARTITIONS", "4"))
                .clock(clock).version(2).build();

        Settings changed = original.toBuilder().version(5).build();

        assertThat(changed.id()).isEqualTo("orders");
        assertThat(changed.topicPartitions()).isEqualTo(4);
        assertThat(changed.clock()).isSameAs(clock);
        assertThat(changed.version()).isEqualTo(5);
        assertThat(original.version()).isEqualTo(2);
    }

    @Test
    void builderChangesAfterBuildDoNotLeakIntoBuiltSettings() {
        Settings.Builder builder = builder().topicPartitions(2);
        Settings settings = builder.build();
        builder.topicPartitions(9);

        assertThat(settings.toBuilder().build().topicPartitions()).isEqualTo(2);
    }

    @Test
    void getReturnsTheSameValueAsTheTypedAccessor() {
        Settings settings = builder().commitEvery(5).build();

        assertThat(settings.get(Settings.COMMIT_EVERY)).isEqualTo(5L);
        assertThat(settings.get(Settings.BROKER)).isEqualTo(settings.broker());
    }

    @Test
    void toStringListsEveryNameWithItsValue() {
        String text = builder().broker("kafka://a:9092;kafka://b:9092").build().toString();

        assertThat(text).startsWith("Settings{id=orders, broker=kafka://a:9092;kafka://b:9092, store=memory://")
                .contains("processing_guarantee=at_least_once", "commit_interval=1s", "datadir=orders-data",
                        "consumer_auto_offset_reset=earliest");
    }

    @Test
    void everySettingConstantIsDeclaredOnceWithItsEnvironmentVariable() throws IllegalAccessException {
        List<Object> constants = new java.util.ArrayList<>();
        for (Field field : Settings.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == Setting.class) {
                constants.add(field.get(null));
                Setting<?> setting = (Setting<?>) field.get(null);
                assertThat(setting.envVar()).isEqualTo("FAUST4J_" + field.getName());
            }
        }
        assertThat(Settings.declared()).containsExactlyInAnyOrderElementsOf(constants.stream().map(c -> (Setting<?>) c).toList());
        assertThat(Settings.declared().stream().map(Setting::name).distinct()).hasSize(Settings.declared().size());
    }

    @Test
    void declaredDefaultsParse() {
        assertThat(Settings.COMMIT_INTERVAL.defaultValue()).isEqualTo(Duration.ofSeconds(1));
        assertThat(Settings.DATADIR.defaultText()).isEqualTo("{id}-data");
        assertThat(Settings.COMMIT_INTERVAL.typeName()).isEqualTo("duration");
        assertThat(Settings.TOPIC_PARTITIONS.typeName()).isEqualTo("int >= 1");
    }

    @Test
    void referenceMarkdownHasARowForEverySetting() {
        String markdown = Settings.referenceMarkdown();

        assertThat(markdown).startsWith("| name | type | default | environment variable | description |\n|---|");
        for (Setting<?> setting : Settings.declared()) {
            assertThat(markdown).contains("| `" + setting.name() + "` | ", "`" + setting.envVar() + "`",
                    setting.doc().replace("|", "\\|"));
        }
        assertThat(markdown.lines()).hasSize(Settings.declared().size() + 2);
        assertThat(Arrays.stream(markdown.split("\n")).skip(2)).allMatch(row -> row.split("(?<!\\\\)\\|").length == 6);
    }
}
