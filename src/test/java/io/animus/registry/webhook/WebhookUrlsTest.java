package io.animus.registry.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.animus.registry.web.ProblemException;

/** The rule of a webhook's URL, and the addresses it refuses unless private addresses are allowed. */
class WebhookUrlsTest {

    @Test
    void internalAddressesAreRefusedByDefault() {
        for (String url : List.of("http://127.0.0.1/hooks", "http://localhost:8080/hooks", "http://10.1.2.3/", "http://172.16.0.1/",
                "http://192.168.1.10/", "http://169.254.169.254/latest/meta-data/", "http://[::1]/hooks", "http://[fd00::1]/",
                "http://100.64.0.1/", "http://0.0.0.0/", "http://224.0.0.1/", "http://[::ffff:127.0.0.1]/", "http://2130706433/")) {
            ProblemException refused = assertThrows(ProblemException.class, () -> WebhookUrls.check(url, false), url);
            assertEquals(422, refused.status());
            assertEquals("url", refused.errors().get(0).field());
        }
    }

    @Test
    void publicAddressesPassAndInternalOnesPassWhenAllowed() {
        for (String url : List.of("https://93.184.216.34/hooks", "http://[2606:4700:4700::1111]:8443/hooks?team=ops")) {
            assertEquals(url, WebhookUrls.check(url, false).toString());
        }
        assertEquals("http://127.0.0.1:9000/hooks", WebhookUrls.check("http://127.0.0.1:9000/hooks", true).toString());
    }

    @Test
    void theShapeIsCheckedWhateverTheAddress() {
        for (String url : List.of("ftp://93.184.216.34/", "//93.184.216.34/hooks", "http://user:pass@93.184.216.34/",
                "https://93.184.216.34/#x", "http://", "not a url", "HTTP://")) {
            assertThrows(ProblemException.class, () -> WebhookUrls.check(url, true), url);
        }
        assertEquals("HTTPS://93.184.216.34/ok", WebhookUrls.check("HTTPS://93.184.216.34/ok", true).toString());
    }

    @Test
    void theInternalRangesAreThoseOfTheRule() throws Exception {
        assertTrue(WebhookUrls.isInternal(InetAddress.getByName("100.127.255.255")));
        assertTrue(!WebhookUrls.isInternal(InetAddress.getByName("100.128.0.1")));
        assertTrue(WebhookUrls.isInternal(InetAddress.getByName("fc00::1")));
        assertTrue(!WebhookUrls.isInternal(InetAddress.getByName("2001:db9::1")));
        assertTrue(WebhookUrls.isInternal(InetAddress.getByName("fe80::1")));
    }
}
