package io.animus.registry.feed;

import io.animus.registry.identity.Role;

/** Who reads the feed: the user's id and role decide which changes they see. */
public record Viewer(Integer userId, Role role) {

    boolean admin() {
        return role == Role.ADMIN;
    }
}
