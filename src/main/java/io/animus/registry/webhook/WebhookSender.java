package io.animus.registry.webhook;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Sends one delivery over HTTP with the JDK's {@link HttpClient}: a POST of the event's JSON, signed
 * ({@link WebhookSignature}), with the connect and answer timeouts of the settings, following no
 * redirect (a redirect could lead anywhere, internal addresses included). Any 2xx answer is a
 * success; anything else, or no answer in time, is a failed attempt.
 */
@ApplicationScoped
public class WebhookSender {

    /** What an attempt gave: the receiver's status (or null), an error text for a failure, and how long it took. */
    record Outcome(boolean delivered, Integer status, String error, int millis, Instant at) {
    }

    @Inject
    WebhookConfig config;

    private HttpClient client;

    private synchronized HttpClient client() {
        if (client == null) {
            client = HttpClient.newBuilder().connectTimeout(config.connectTimeout()).followRedirects(HttpClient.Redirect.NEVER)
                    .version(HttpClient.Version.HTTP_1_1).build();
        }
        return client;
    }

    Outcome send(URI url, String secret, long deliveryId, String eventType, byte[] body) {
        Instant at = Instant.now();
        long started = System.nanoTime();
        if (!config.allowPrivateAddresses()) {
            Optional<String> refused = WebhookUrls.refusal(url);
            if (refused.isPresent()) {
                return new Outcome(false, null, "not sent: " + refused.get(), 0, at);
            }
        }
        HttpRequest request = HttpRequest.newBuilder(url).timeout(config.requestTimeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "Animus-Registry-Webhooks/1")
                .header("Animus-Event", eventType)
                .header("Animus-Delivery", Long.toString(deliveryId))
                .header(WebhookSignature.HEADER, WebhookSignature.header(secret, at.getEpochSecond(), body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        try {
            HttpResponse<Void> response = client().send(request, HttpResponse.BodyHandlers.discarding());
            int millis = millisSince(started);
            int status = response.statusCode();
            boolean delivered = status >= 200 && status < 300;
            return new Outcome(delivered, status, delivered ? null : "the receiver answered HTTP " + status, millis, at);
        } catch (HttpConnectTimeoutException e) {
            return new Outcome(false, null, "no connection within " + config.connectTimeout().toMillis() + " ms", millisSince(started), at);
        } catch (HttpTimeoutException e) {
            return new Outcome(false, null, "no answer within " + config.requestTimeout().toMillis() + " ms", millisSince(started), at);
        } catch (ConnectException e) {
            return new Outcome(false, null, "the connection was refused", millisSince(started), at);
        } catch (IOException e) {
            return new Outcome(false, null, "the request failed: " + describe(e), millisSince(started), at);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(false, null, "the attempt was interrupted (the replica is stopping)", millisSince(started), at);
        }
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : " " + message.replaceAll("[\\r\\n]", " "));
    }

    private static int millisSince(long started) {
        return (int) Math.min(Integer.MAX_VALUE, (System.nanoTime() - started) / 1_000_000);
    }
}
