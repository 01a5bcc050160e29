import java.io.FileWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.Executors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A webhook receiver for bench/webhooks.sh: verifies each delivery's Animus-Signature as
 * docs/webhooks.md tells receivers to, answers 204 (401 when the signature does not verify), and
 * appends one line per request to the log: "ok|bad <path> <Animus-Delivery> <event id>".
 *
 * java bench/WebhookReceiver.java PORT SECRET LOGFILE
 */
public class WebhookReceiver {

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        byte[] secret = args[1].getBytes(StandardCharsets.UTF_8);
        PrintWriter log = new PrintWriter(new FileWriter(args[2], true), true);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 512);
        server.setExecutor(Executors.newFixedThreadPool(16));
        server.createContext("/", exchange -> handle(exchange, secret, log));
        server.start();
        System.out.println("listening on " + port);
    }

    private static void handle(HttpExchange exchange, byte[] secret, PrintWriter log) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readAllBytes();
            boolean ok = verifies(exchange.getRequestHeaders().getFirst("Animus-Signature"), body, secret);
            String text = new String(body, StandardCharsets.UTF_8);
            int at = text.indexOf("\"id\":\"");
            String eventId = at < 0 ? "-" : text.substring(at + 6, text.indexOf('"', at + 6));
            synchronized (log) {
                log.println((ok ? "ok " : "bad ") + exchange.getRequestURI().getPath() + " "
                        + exchange.getRequestHeaders().getFirst("Animus-Delivery") + " " + eventId);
            }
            exchange.sendResponseHeaders(ok ? 204 : 401, -1);
        } finally {
            exchange.close();
        }
    }

    private static boolean verifies(String header, byte[] body, byte[] secret) {
        if (header == null) {
            return false;
        }
        String t = null;
        String v1 = null;
        for (String part : header.split(",")) {
            String[] pair = part.split("=", 2);
            if (pair.length == 2 && pair[0].equals("t")) {
                t = pair[1];
            } else if (pair.length == 2 && pair[0].equals("v1")) {
                v1 = pair[1];
            }
        }
        if (t == null || v1 == null || Math.abs(System.currentTimeMillis() / 1000 - Long.parseLong(t)) > 300) {
            return false;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update((t + ".").getBytes(StandardCharsets.US_ASCII));
            byte[] expected = HexFormat.of().formatHex(mac.doFinal(body)).getBytes(StandardCharsets.US_ASCII);
            return MessageDigest.isEqual(expected, v1.getBytes(StandardCharsets.US_ASCII));
        } catch (Exception e) {
            return false;
        }
    }
}
