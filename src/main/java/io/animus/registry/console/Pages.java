package io.animus.registry.console;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import io.animus.registry.web.Page;

/** The "previous / next" links under a console list. */
public record Pages(int page, long last, String previous, String next, long total) {

    public static Pages of(Page<?> shown, String path, String query) {
        long last = shown.total() == 0 ? 0 : (shown.total() - 1) / shown.size();
        String previous = shown.page() > 0 ? path + "?page=" + (shown.page() - 1) + query : null;
        String next = shown.page() < last ? path + "?page=" + (shown.page() + 1) + query : null;
        return new Pages(shown.page(), last, previous, next, shown.total());
    }

    public static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
