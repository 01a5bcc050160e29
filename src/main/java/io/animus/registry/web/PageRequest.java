package io.animus.registry.web;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.QueryParam;

/**
 * The {@code page} (from 0) and {@code size} (1 to 100) query parameters of every list. Boxed, so that
 * {@link StrictParamConverters} reads them: {@code size=abc} is a 400, not a 404 as JAX-RS answers
 * for a primitive it cannot convert.
 */
public class PageRequest {

    /** The largest page a caller may ask for. */
    public static final int MAX_SIZE = 100;

    @QueryParam("page")
    @DefaultValue("0")
    @Min(0)
    @Max(1_000_000)
    Integer page;

    @QueryParam("size")
    @DefaultValue("20")
    @Min(1)
    @Max(MAX_SIZE)
    Integer size;

    /** A page asked for in code rather than by query parameters (the web console's lists). */
    public static PageRequest of(int page, int size) {
        PageRequest request = new PageRequest();
        request.page = Math.max(0, page);
        request.size = Math.max(1, Math.min(MAX_SIZE, size));
        return request;
    }

    public int page() {
        return page;
    }

    public int size() {
        return size;
    }
}
