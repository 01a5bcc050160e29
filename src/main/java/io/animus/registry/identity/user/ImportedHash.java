package io.animus.registry.identity.user;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.animus.registry.web.ProblemException;

/**
 * The rule for a password hash brought from another system: bcrypt in the modular crypt format, of cost
 * 10 or more, stored with the {@code $2a$} prefix that Elytron reads. {@code $2b$} (what OpenBSD, Python's
 * bcrypt and the installer write) and {@code $2y$} (PHP) hash the same way for passwords of up to 72
 * bytes, so only the prefix changes and every password keeps working.
 */
public final class ImportedHash {

    /** The lowest work factor taken: a weaker hash would make the registry easier to attack offline than its own. */
    public static final int MIN_COST = 10;

    private static final Pattern BCRYPT = Pattern.compile("^\\$2([aby])\\$(\\d{2})\\$([./A-Za-z0-9]{53})$");

    private ImportedHash() {
    }

    /**
     * The hash as the registry stores it; 422 naming {@code field} when it is not a bcrypt hash of cost
     * {@value #MIN_COST}..31. The message never repeats the hash.
     */
    public static String normalize(String field, String hash) {
        Matcher matcher = BCRYPT.matcher(hash == null ? "" : hash);
        if (!matcher.matches()) {
            throw ProblemException.invalid(field, "is not a bcrypt hash ($2a$, $2b$ or $2y$, cost, then 53 characters of salt and digest)");
        }
        int cost = Integer.parseInt(matcher.group(2));
        if (cost < MIN_COST || cost > 31) {
            throw ProblemException.invalid(field, "is a bcrypt hash of cost " + cost + "; only costs " + MIN_COST + " to 31 are taken");
        }
        return "$2a$" + matcher.group(2) + "$" + matcher.group(3);
    }
}
