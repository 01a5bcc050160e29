package io.animus.registry.identity;

import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.util.Base64;
import java.util.Set;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.util.KeyUtils;

/** Access tokens the registry must refuse, each wrong in one way (also used by the hardening suites). */
public final class ForgedTokens {

    private ForgedTokens() {
    }

    /** A token with {@code "alg": "none"} and no signature, claiming the admin role. */
    public static String unsigned(int id, String username) {
        String header = base64Url("{\"alg\":\"none\",\"typ\":\"JWT\"}");
        long now = System.currentTimeMillis() / 1000;
        String claims = base64Url("{\"iss\":\"animus-registry\",\"sub\":\"" + id + "\",\"upn\":\"" + username
                + "\",\"groups\":[\"admin\"],\"iat\":" + now + ",\"exp\":" + (now + 600) + "}");
        return header + "." + claims + ".";
    }

    /** A well-formed admin token signed with a key the registry does not trust. */
    public static String signedWithOtherKey(int id, String username) {
        try {
            PrivateKey other = KeyUtils.readPrivateKey("keys/other-private.pem");
            return Jwt.upn(username).subject(String.valueOf(id)).groups(Set.of("admin")).expiresIn(600).sign(other);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A token signed with the trusted key that expired ten minutes ago. */
    public static String expired(int id, String username, Role role) {
        long now = System.currentTimeMillis() / 1000;
        return Jwt.upn(username).subject(String.valueOf(id)).groups(Set.of(role.label()))
                .issuedAt(now - 1200).expiresAt(now - 600).sign();
    }

    /** A token signed with the trusted key that becomes valid only in ten minutes ({@code nbf}). */
    public static String notYetValid(int id, String username, Role role) {
        long now = System.currentTimeMillis() / 1000;
        return Jwt.upn(username).subject(String.valueOf(id)).groups(Set.of(role.label()))
                .claim("nbf", now + 600).issuedAt(now).expiresAt(now + 1200).sign();
    }

    /** A token signed with the trusted key but naming another issuer. */
    public static String otherIssuer(int id, String username, Role role) {
        return Jwt.issuer("someone-else").upn(username).subject(String.valueOf(id)).groups(Set.of(role.label()))
                .expiresIn(600).sign();
    }

    /** A token signed with the trusted key whose {@code groups} claim is exactly {@code groups}. */
    public static String withGroups(int id, String username, String... groups) {
        return Jwt.upn(username).subject(String.valueOf(id)).groups(Set.of(groups)).expiresIn(600).sign();
    }

    /** A token signed with the trusted key that has no {@code groups} claim at all. */
    public static String withoutGroups(int id, String username) {
        return Jwt.upn(username).subject(String.valueOf(id)).expiresIn(600).sign();
    }

    /** {@code token} with its {@code groups} claim changed to admin and its signature kept. */
    public static String withGroupsTamperedToAdmin(String token) {
        String[] parts = token.split("\\.");
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String tampered = claims.replaceAll("\"groups\":\\[[^\\]]*\\]", "\"groups\":[\"admin\"]");
        if (tampered.equals(claims)) {
            throw new IllegalStateException("the token has no groups claim to tamper with");
        }
        return parts[0] + "." + base64Url(tampered) + "." + parts[2];
    }

    /** The claims of {@code token}, decoded but not verified. */
    public static String claims(String token) {
        return new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
    }

    private static String base64Url(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
