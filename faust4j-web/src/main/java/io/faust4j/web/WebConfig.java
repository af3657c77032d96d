package io.faust4j.web;

import io.faust4j.ConfigurationException;
import io.faust4j.Settings;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;

/**
 * The web settings of one worker, checked: {@code web_port}, {@code web_bind}, {@code web_advertised_url},
 * {@code web_auth_token} and {@code web_max_body_size}.
 *
 * @param port the port to listen on (0: any free one)
 * @param bind the address to listen on
 * @param advertisedUrl the configured URL other workers use, or empty to derive it from the bound port
 * @param authToken the bearer token requests must carry, or empty for none
 * @param maxBodyBytes the largest request body accepted
 */
record WebConfig(int port, String bind, String advertisedUrl, String authToken, int maxBodyBytes) {

    static WebConfig of(Settings settings) {
        WebConfig config = new WebConfig(settings.get(Settings.WEB_PORT), settings.get(Settings.WEB_BIND),
                settings.get(Settings.WEB_ADVERTISED_URL), settings.get(Settings.WEB_AUTH_TOKEN),
                settings.get(Settings.WEB_MAX_BODY_SIZE));
        if (config.bind.isEmpty()) {
            throw new ConfigurationException("Invalid setting 'web_bind' = '': expected an address to listen on,"
                    + " such as 0.0.0.0 (all interfaces) or 127.0.0.1");
        }
        if (!config.advertisedUrl.isEmpty()) {
            parseAdvertised(config.advertisedUrl);
        }
        return config;
    }

    /** The URL to advertise once the server listens on {@code actualPort}. */
    URI advertised(int actualPort) {
        if (!advertisedUrl.isEmpty()) {
            return parseAdvertised(advertisedUrl);
        }
        String host = bind;
        if (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                host = "127.0.0.1";
            }
        }
        if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return URI.create("http://" + host + ":" + actualPort);
    }

    private static URI parseAdvertised(String text) {
        String expected = ": expected http://host:port (or https://), such as http://worker-1:6066";
        try {
            URI uri = new URI(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null
                    || (uri.getPath() != null && !uri.getPath().isEmpty())) {
                throw new ConfigurationException("Invalid setting 'web_advertised_url' = '" + text + "'" + expected);
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new ConfigurationException("Invalid setting 'web_advertised_url' = '" + text + "'" + expected);
        }
    }
}
