package io.faust4j.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faust4j.App;
import io.faust4j.ConfigurationException;
import io.faust4j.Faust4jException;
import io.faust4j.PageResponse;
import io.faust4j.Worker;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** The bearer token (web_auth_token), the body limit setting, web_enabled and bad web settings. */
class AuthTest {
    @Test
    void requiresTheBearerTokenEverywhereButHealth() {
        App app = App.create("web-auth", s -> s.broker("memory://web-auth").set("web_port", "0")
                .set("web_bind", "127.0.0.1").set("web_auth_token", "s3cret").set("web_max_body_size", "16"));
        app.page("POST", "/echo", request -> PageResponse.text(request.bodyText()));
        try (Worker worker = app.start()) {
            URI url = WebExtension.url(worker).orElseThrow();
            assertThat(Http.get(url, "/health").status()).isEqualTo(200);

            Http.Answer missing = Http.get(url, "/ready");
            assertThat(missing.status()).isEqualTo(401);
            assertThat(missing.json().get("error").asText()).contains("Authorization: Bearer");
            assertThat(Http.get(url, "/ready", "Authorization", "Bearer wrong").status()).isEqualTo(401);
            assertThat(Http.get(url, "/table/x", "Authorization", "Basic czNjcmV0").status()).isEqualTo(401);
            assertThat(Http.get(url, "/", "Authorization", "Bearer wrong").status()).isEqualTo(401);

            assertThat(Http.get(url, "/ready", "Authorization", "Bearer s3cret").status()).isEqualTo(200);
            assertThat(Http.get(url, "/dashboard/data?access_token=s3cret").status()).isEqualTo(200);
            assertThat(Http.send(url, "POST", "/echo", "0123456789abcdef", "Authorization", "Bearer s3cret").body())
                    .isEqualTo("0123456789abcdef");
            Http.Answer tooLarge = Http.send(url, "POST", "/echo", "0123456789abcdefg", "Authorization", "Bearer s3cret");
            assertThat(tooLarge.status()).isEqualTo(413);
            byte[] seventeen = "0123456789abcdefg".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            Http.Answer chunked = Http.postChunked(url, "/echo", seventeen, "Authorization", "Bearer s3cret");
            assertThat(chunked.status()).as("a chunked body over the limit").isEqualTo(413);
            assertThat(chunked.json().get("error").asText()).contains("web_max_body_size");
            assertThat(Http.postChunked(url, "/echo", java.util.Arrays.copyOf(seventeen, 16), "Authorization",
                    "Bearer s3cret").body()).isEqualTo("0123456789abcdef");
            assertThat(worker.settings().toString()).doesNotContain("s3cret");
        }
    }

    @Test
    void startsNoServerWhenDisabled() {
        App app = App.create("web-off", s -> s.broker("memory://web-off").set("web_enabled", "false"));
        try (Worker worker = app.start()) {
            assertThat(WebExtension.url(worker)).isEmpty();
        }
    }

    @Test
    void failsWithAClearMessageOnBadWebSettings() {
        assertThatThrownBy(() -> App.create("web-bad", s -> s.set("web_port", "70000")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("web_port")
                .hasMessageContaining("from 0 to 65535");
        App app = App.create("web-bad-url", s -> s.broker("memory://web-bad-url").set("web_port", "0")
                .set("web_advertised_url", "worker-1:6066"));
        assertThatThrownBy(app::start).isInstanceOf(Faust4jException.class)
                .hasMessageContaining("web_advertised_url").hasMessageContaining("http://host:port");
    }

    @Test
    void failsToStartWhenThePortIsTaken() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            App app = App.create("web-taken", s -> s.broker("memory://web-taken").set("web_bind", "127.0.0.1")
                    .set("web_port", String.valueOf(taken.getLocalPort())));
            assertThatThrownBy(app::start).isInstanceOf(Faust4jException.class)
                    .hasMessageContaining("cannot listen on 127.0.0.1:" + taken.getLocalPort())
                    .hasMessageContaining("web_port");
        }
    }
}
