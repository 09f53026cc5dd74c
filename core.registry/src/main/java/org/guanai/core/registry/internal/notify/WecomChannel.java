package org.guanai.core.registry.internal.notify;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * 企业微信 group robots: {@code POST} of {@code {"msgtype":"markdown","markdown":{"content":…}}} to the webhook URL
 * configured under the target's key ({@code school:3}, {@code role:teacher}). The robot answers {@code errcode} 0 when
 * it took the message; anything else is a failed attempt.
 */
final class WecomChannel implements Channel {
    private final Map<String, String> webhooks;
    private final HttpClient http;
    private final Duration timeout;
    private final ObjectMapper json = new ObjectMapper();

    /** @param webhooks URL by key, e.g. {@code school:3} */
    WecomChannel(Map<String, String> webhooks, HttpClient http, Duration timeout) {
        this.webhooks = Map.copyOf(webhooks);
        this.http = http;
        this.timeout = timeout;
    }

    @Override
    public String id() {
        return WECOM;
    }

    /** @return whether a webhook is configured under {@code key} */
    boolean has(String key) {
        return webhooks.containsKey(key);
    }

    @Override
    public void send(Outgoing message, String target) throws DeliveryFailure {
        String url = webhooks.get(target);
        if (url == null) {
            throw new DeliveryFailure("企业微信: no webhook is configured for " + target);
        }
        ObjectNode body = json.createObjectNode().put("msgtype", "markdown");
        body.putObject("markdown").put("content", message.markdown());
        HttpRequest rq;
        try {
            rq = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                    .header("Content-Type", "application/json; charset=utf-8")
                    .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body), StandardCharsets.UTF_8)).build();
        } catch (IllegalArgumentException | IOException e) {
            throw new DeliveryFailure("企业微信: the webhook of " + target + " is not a valid URL");
        }
        HttpResponse<String> rs = HttpChannels.call(http, rq, "企业微信 " + target);
        if (rs.statusCode() / 100 != 2) {
            throw new DeliveryFailure("企业微信 " + target + ": HTTP " + rs.statusCode());
        }
        try {
            JsonNode answer = json.readTree(rs.body());
            JsonNode code = answer == null ? null : answer.get("errcode");
            if (code != null && code.asInt() != 0) {
                throw new DeliveryFailure("企业微信 " + target + ": errcode " + code.asInt() + " "
                        + answer.path("errmsg").asText(""));
            }
        } catch (IOException e) {
            // an answer that is not JSON from a 2xx: taken as accepted (a proxy in front of the robot)
        }
    }
}
