package io.animus.registry.identity;

import io.animus.registry.identity.user.PasswordPolicy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.animus.registry.web.ProblemException;

class PasswordPolicyTest {

    private final PasswordPolicy policy = new PasswordPolicy(12);

    private List<String> broken(String password) {
        return policy.brokenRules(password, "athena", "athena.ops@example.org");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Violet-Harbour-Lantern-42", "correct horse battery staple, really", "zq8#Lm2!vR7@pW4$",
            "mot de passe très long é", "my password is long enough"})
    void acceptsPasswordsThatFollowTheRules(String password) {
        assertEquals(List.of(), broken(password));
    }

    @Test
    void refusesAShortPassword() {
        assertEquals(List.of("must have at least 12 characters"), broken("Xq7#mW2!pL9"));
        assertEquals(List.of(), broken("Xq7#mW2!pL9$"));
    }

    @Test
    void countsCharactersNotBytes() {
        assertEquals(List.of(), broken("ééééééééééé1"), "twelve characters, more bytes");
    }

    @Test
    void refusesMoreThanBcryptReads() {
        assertTrue(broken("Xq7#mW2!pL9$".repeat(6) + "x").get(0).contains("72 bytes"));
        assertEquals(List.of(), broken("Xq7#mW2!pL9$aB".repeat(5) + "zy"), "exactly 72 bytes is fine");
        assertTrue(broken("é".repeat(37)).stream().anyMatch(rule -> rule.contains("72 bytes")), "74 bytes in UTF-8");
    }

    @ParameterizedTest
    @ValueSource(strings = {"aaaaaaaaaaaa", "############", "777777777777777"})
    void refusesOneRepeatedCharacter(String password) {
        assertTrue(broken(password).contains("must not repeat one character"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"abababababab", "123123123123", "xyz!xyz!xyz!"})
    void refusesARepeatedShortPattern(String password) {
        assertTrue(broken(password).contains("must not repeat a short pattern"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"abcdefghijklm", "123456789012", "987654321098", "ZYXWVUTSRQPO"})
    void refusesAPlainSequence(String password) {
        assertTrue(broken(password).contains("must not be a plain sequence such as abcdef or 123456"), password);
    }

    @ParameterizedTest
    @ValueSource(strings = {"password1234", "Password2024!", "P@ssw0rd!2024", "!!Welcome2025!!", "qwerty123456",
            "l3tm31n-2024-!", "1q2w3e4r5t6y", "passwordpassword", "Changeme-12345"})
    void refusesCommonPasswords(String password) {
        assertTrue(broken(password).contains("is too common"), password);
    }

    @Test
    void refusesThePasswordContainingTheUsernameInAnyCase() {
        assertTrue(broken("My-ATHENA-secret-99").contains("must not contain the username"));
        assertFalse(policy.brokenRules("My-ATHENA-secret-99", "monday", null).contains("must not contain the username"));
    }

    @Test
    void refusesThePasswordContainingTheEmailOrItsName() {
        assertTrue(broken("athena.ops@example.org!").contains("must not contain the email address"));
        assertTrue(policy.brokenRules("xx-Athena.Ops-9876", "timbre", "athena.ops@example.org")
                .contains("must not contain the email address"));
    }

    @Test
    void requiresAPassword() {
        assertEquals(List.of("is required"), broken(""));
        assertEquals(List.of("is required"), broken(null));
    }

    @Test
    void checkAnswers422NamingTheFieldButNotThePassword() {
        ProblemException refused = assertThrows(ProblemException.class,
                () -> policy.check("new_password", "Password2024!", "athena", "athena@example.org"));
        assertEquals(422, refused.status());
        assertEquals("new_password", refused.errors().get(0).field());
        assertFalse(refused.getMessage().contains("Password2024!"));
        policy.check("new_password", "Violet-Harbour-Lantern-42", "athena", "athena@example.org");
    }

    @Test
    void theMinimumLengthIsConfigurable() {
        assertEquals(List.of(), new PasswordPolicy(8).brokenRules("Xq7#mW2!", null, null));
        assertEquals(List.of("must have at least 20 characters"),
                new PasswordPolicy(20).brokenRules("Violet-Harbour-42", null, null));
    }
}
