package io.animus.registry.identity;

import java.util.Arrays;
import java.util.Collection;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import io.animus.registry.database.Labelled;

/**
 * The roles of the registry's users, from most to least privileged. Their names are those of
 * {@link Roles}, which {@code @RolesAllowed} needs as constants; a name is written only there.
 */
public enum Role implements Labelled {
    ADMIN(Roles.ADMIN),
    USER(Roles.USER),
    VIEWER(Roles.VIEWER);

    private final String label;

    Role(String label) {
        this.label = label;
    }

    @Override
    @JsonValue
    public String label() {
        return label;
    }

    @JsonCreator
    public static Role of(String label) {
        return Labelled.fromLabel(Role.class, label);
    }

    /** Maps the column. */
    @jakarta.persistence.Converter(autoApply = true)
    public static class JpaConverter extends Labelled.Converter<Role> {
        public JpaConverter() {
            super(Role.class);
        }
    }

    /**
     * The role that the {@code groups} of an access token give: the most privileged user role they name,
     * whatever else they name; empty when they name none, and then the token grants nothing.
     */
    public static Optional<Role> fromGroups(Collection<String> groups) {
        return Arrays.stream(values()).filter(role -> groups.contains(role.label)).findFirst();
    }
}
