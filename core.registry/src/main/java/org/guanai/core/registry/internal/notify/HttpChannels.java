package org.guanai.core.registry.internal.notify;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import org.guanai.core.registry.internal.notify.Channel.DeliveryFailure;

/** The HTTP call of the channels that post to a URL; a failure names what was called, never the URL. */
final class HttpChannels {
    private HttpChannels() {
    }

    static HttpResponse<String> call(HttpClient http, HttpRequest rq, String what) throws DeliveryFailure {
        try {
            return http.send(rq, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new DeliveryFailure(what + ": " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryFailure(what + ": interrupted");
        }
    }
}
