package io.animus.registry.console;

import io.animus.registry.identity.CurrentUser;
import io.animus.registry.identity.Role;

/** Who is looking at a console page: what the navigation bar shows and which controls a page offers. */
public record Viewer(Integer id, String username, String role, boolean admin, boolean canChat) {

    public static Viewer of(CurrentUser user) {
        Role role = user.role();
        return new Viewer(user.id(), user.username(), role.label(), role == Role.ADMIN, role != Role.VIEWER);
    }
}
