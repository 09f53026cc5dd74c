package org.guanai.core.registry.internal.notify;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

/**
 * SMS through an HTTP gateway: the configured method, URL and headers ({@code {token}} replaced by the secret), and the
 * body template with {@code {phone}} and {@code {text}} replaced, escaped for the content type (JSON string or form
 * value). Any 2xx answer is taken as sent.
 */
final class SmsChannel implements Channel {
    private final URI url;
    private final String method;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final String body;
    private final String contentType;
    private final HttpClient http;
    private final Duration timeout;

    SmsChannel(NotifyConfig config, HttpClient http, Duration timeout) {
        this.url = URI.create(config.smsUrl().trim());
        this.method = config.smsMethod().trim().toUpperCase(Locale.ROOT);
        for (String h : config.smsHeaders()) {
            int eq = h.indexOf('=');
            if (eq > 0) {
                headers.put(h.substring(0, eq).trim(), h.substring(eq + 1).trim().replace("{token}", config.smsToken()));
            }
        }
        this.body = config.smsBody();
        this.contentType = config.smsContentType().trim();
        this.http = http;
        this.timeout = timeout;
    }

    @Override
    public String id() {
        return SMS;
    }

    @Override
    public void send(Outgoing message, String target) throws DeliveryFailure {
        boolean json = contentType.toLowerCase(Locale.ROOT).contains("json");
        String filled = body.replace("{phone}", escape(target, json)).replace("{text}", escape(message.shortText(), json));
        HttpRequest.Builder b = HttpRequest.newBuilder(url).timeout(timeout)
                .header("Content-Type", contentType + (contentType.contains("charset") ? "" : "; charset=utf-8"))
                .method(method, method.equals("GET") ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(filled, StandardCharsets.UTF_8));
        headers.forEach(b::header);
        HttpResponse<String> rs = HttpChannels.call(http, b.build(), "SMS gateway");
        if (rs.statusCode() / 100 != 2) {
            throw new DeliveryFailure("SMS gateway: HTTP " + rs.statusCode());
        }
    }

    private static String escape(String s, boolean json) {
        return json ? new String(JsonStringEncoder.getInstance().quoteAsString(s))
                : URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
