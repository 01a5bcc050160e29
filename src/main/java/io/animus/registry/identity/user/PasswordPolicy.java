package io.animus.registry.identity.user;

import io.animus.registry.identity.AuthConfig;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.animus.registry.web.Problem;
import io.animus.registry.web.ProblemException;

/**
 * The rules a new password must follow: a minimum length, no more than bcrypt reads, and none of the
 * trivially weak values (a common password, a repeated character or short pattern, a plain sequence,
 * the username or email address).
 * <p>
 * The messages describe the rule broken, never the password.
 */
@Singleton
public class PasswordPolicy {

    /** Words that make a password common once digits and symbols are taken off (and l33t spelling undone). */
    private static final Set<String> COMMON_WORDS = Set.of(
            "password", "passwd", "passwort", "motdepasse", "contrasena", "letmein", "welcome", "qwerty", "qwertz",
            "azerty", "qwertyuiop", "asdfgh", "asdfghjkl", "zxcvbnm", "qazwsx", "iloveyou", "admin", "administrator",
            "root", "toor", "changeme", "changeit", "secret", "login", "master", "monkey", "dragon", "football",
            "baseball", "soccer", "sunshine", "princess", "trustno", "shadow", "superman", "batman", "starwars",
            "hello", "hellothere", "default", "guest", "test", "tester", "testing", "user", "access", "whatever",
            "freedom", "computer", "internet", "abc", "abcdef", "letta", "animus", "registry", "summer", "winter",
            "spring", "autumn");

    /** Whole passwords of twelve characters or more that lead the published lists of leaked passwords. */
    private static final Set<String> COMMON_PASSWORDS = Set.of(
            "123456789012", "1234567890123", "12345678901234", "1q2w3e4r5t6y", "1qaz2wsx3edc", "q1w2e3r4t5y6",
            "qwerty123456", "123456qwerty", "zaq12wsxcde3", "1234qwerasdf", "qwer1234asdf", "asdf1234qwer",
            "correcthorsebatterystaple", "correct horse battery staple");

    private final int minLength;

    @Inject
    public PasswordPolicy(AuthConfig config) {
        this(config.password().minLength());
    }

    public PasswordPolicy(int minLength) {
        this.minLength = minLength;
    }

    /**
     * Refuses {@code password} with a 422 naming {@code field} when it breaks a rule.
     *
     * @param username the account's username, which the password must not contain
     * @param email the account's email address, whose name part the password must not contain
     */
    public void check(String field, String password, String username, String email) {
        List<String> broken = brokenRules(password, username, email);
        if (!broken.isEmpty()) {
            List<Problem.FieldError> errors = broken.stream().map(rule -> new Problem.FieldError(field, rule)).toList();
            throw ProblemException.invalid(field + ": " + String.join("; ", broken), errors);
        }
    }

    /** The rules {@code password} breaks, in words for the caller; empty when it follows them all. */
    public List<String> brokenRules(String password, String username, String email) {
        List<String> broken = new ArrayList<>();
        if (password == null || password.isEmpty()) {
            broken.add("is required");
            return broken;
        }
        if (password.codePointCount(0, password.length()) < minLength) {
            broken.add("must have at least " + minLength + " characters");
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > PasswordHasher.MAX_BYTES) {
            broken.add("must not be longer than " + PasswordHasher.MAX_BYTES + " bytes in UTF-8, the most bcrypt reads");
        }
        if (repeatsOneCharacter(password)) {
            broken.add("must not repeat one character");
        } else if (repeatsShortPattern(password)) {
            broken.add("must not repeat a short pattern");
        } else if (isSequence(password)) {
            broken.add("must not be a plain sequence such as abcdef or 123456");
        }
        if (isCommon(password)) {
            broken.add("is too common");
        }
        String lower = password.toLowerCase(Locale.ROOT);
        if (username != null && username.length() >= 3 && lower.contains(username.toLowerCase(Locale.ROOT))) {
            broken.add("must not contain the username");
        }
        if (email != null && containsEmail(lower, email.toLowerCase(Locale.ROOT))) {
            broken.add("must not contain the email address");
        }
        return broken;
    }

    private static boolean repeatsOneCharacter(String password) {
        return password.codePoints().distinct().count() == 1;
    }

    private static boolean repeatsShortPattern(String password) {
        int[] points = password.codePoints().toArray();
        for (int period = 2; period <= 4 && period < points.length; period++) {
            boolean periodic = true;
            for (int i = period; i < points.length && periodic; i++) {
                periodic = points[i] == points[i - period];
            }
            if (periodic) {
                return true;
            }
        }
        return false;
    }

    private static boolean isSequence(String password) {
        int[] points = password.codePoints().toArray();
        for (int step : new int[] {1, -1}) {
            boolean sequence = true;
            for (int i = 1; i < points.length && sequence; i++) {
                sequence = follows(points[i - 1], points[i], step);
            }
            if (sequence) {
                return true;
            }
        }
        return false;
    }

    private static boolean follows(int previous, int next, int step) {
        if (Character.isDigit(previous) && Character.isDigit(next)) {
            return Math.floorMod(next - previous, 10) == Math.floorMod(step, 10);
        }
        return Character.toLowerCase(next) - Character.toLowerCase(previous) == step;
    }

    private static boolean isCommon(String password) {
        String lower = password.toLowerCase(Locale.ROOT);
        if (COMMON_PASSWORDS.contains(lower)) {
            return true;
        }
        // "Password2024!" and "P@ssw0rd!" are "password": digits and symbols around the word are dropped,
        // those inside it read as the letters they stand for
        String letters = lower.replaceAll("[^a-z]", "");
        String word = unleet(lower.replaceAll("^[^a-z]+|[^a-z]+$", "")).replaceAll("[^a-z]", "");
        return isCommonWord(letters) || isCommonWord(word);
    }

    private static boolean isCommonWord(String letters) {
        return COMMON_WORDS.contains(letters) || isRepeatedCommonWord(letters);
    }

    private static boolean isRepeatedCommonWord(String letters) {
        for (String word : COMMON_WORDS) {
            if (letters.length() > word.length() && letters.length() % word.length() == 0
                    && letters.equals(word.repeat(letters.length() / word.length()))) {
                return true;
            }
        }
        return false;
    }

    private static String unleet(String lower) {
        StringBuilder plain = new StringBuilder(lower.length());
        for (char c : lower.toCharArray()) {
            plain.append(switch (c) {
                case '0' -> 'o';
                case '1', '!' -> 'i';
                case '3' -> 'e';
                case '4', '@' -> 'a';
                case '5', '$' -> 's';
                case '7' -> 't';
                default -> c;
            });
        }
        return plain.toString();
    }

    private static boolean containsEmail(String lowerPassword, String lowerEmail) {
        if (lowerPassword.contains(lowerEmail)) {
            return true;
        }
        int at = lowerEmail.indexOf('@');
        String name = at > 0 ? lowerEmail.substring(0, at) : lowerEmail;
        return name.length() >= 3 && lowerPassword.contains(name);
    }
}
