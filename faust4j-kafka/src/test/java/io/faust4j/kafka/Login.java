package io.faust4j.kafka;

import io.faust4j.Settings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * How an app reaches a secured test broker: its broker URL and security settings, and every secret in
 * play (passwords of the login and of the key stores, right or wrong) that no message or log line may show.
 */
record Login(String brokerUrl, Consumer<Settings.Builder> settings, List<String> secrets) {

    static Login of(String brokerUrl, Consumer<Settings.Builder> settings, String... secrets) {
        return new Login(brokerUrl, settings, List.of(secrets));
    }

    /** The same login with more settings applied after these, and more secrets to keep out of sight. */
    Login with(Consumer<Settings.Builder> more, String... moreSecrets) {
        List<String> all = new ArrayList<>(secrets);
        all.addAll(List.of(moreSecrets));
        return new Login(brokerUrl, settings.andThen(more), all);
    }

    /** The app's settings for this login. */
    void apply(Settings.Builder builder) {
        builder.broker(brokerUrl);
        settings.accept(builder);
    }

    /** The connection properties faust4j computes for these settings, for a plain kafka-clients producer. */
    Map<String, Object> clientProperties() {
        Settings.Builder builder = Settings.builder("login");
        apply(builder);
        Map<String, Object> props = new LinkedHashMap<>();
        KafkaClientConfig.of(List.of(brokerUrl), builder.build()).admin("login").forEach((key, value) -> {
            if (key.equals("bootstrap.servers") || key.startsWith("security.") || key.startsWith("sasl.")
                    || key.startsWith("ssl.")) {
                props.put(key, value);
            }
        });
        return props;
    }
}
