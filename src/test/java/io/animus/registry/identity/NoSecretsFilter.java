package io.animus.registry.identity;

import java.util.regex.Pattern;

import io.restassured.RestAssured;
import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;

/**
 * Fails any test whose request gets an answer that shows a password hash: the field name
 * {@code password_hash} or a bcrypt string. Installed once for all REST-assured requests.
 */
public final class NoSecretsFilter implements Filter {

    static final Pattern BCRYPT = Pattern.compile("\\$2[abxy]?\\$\\d\\d\\$");

    private static boolean installed;

    public static synchronized void install() {
        if (!installed) {
            RestAssured.filters(new NoSecretsFilter());
            installed = true;
        }
    }

    @Override
    public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification response,
            FilterContext context) {
        Response answer = context.next(request, response);
        String body = answer.asString();
        if (body != null && (body.contains("password_hash") || body.contains("passwordHash") || BCRYPT.matcher(body).find())) {
            throw new AssertionError(request.getMethod() + " " + request.getURI() + " answered a password hash: " + body);
        }
        return answer;
    }
}
