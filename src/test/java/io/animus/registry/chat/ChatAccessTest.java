package io.animus.registry.chat;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.animus.registry.identity.Role;

/** The rule of who reads a chat session, on its own. */
class ChatAccessTest {

    @Test
    void anAdminReadsEverySession() {
        assertTrue(ChatAccess.mayRead(7, false, 1, Role.ADMIN));
        assertTrue(ChatAccess.mayRead(null, false, 1, Role.ADMIN));
    }

    @Test
    void othersReadTheirOwnSessionsWithAnAgentTheySee() {
        for (Role role : new Role[] { Role.USER, Role.VIEWER }) {
            assertTrue(ChatAccess.mayRead(7, true, 7, role));
            assertFalse(ChatAccess.mayRead(7, false, 7, role), "the agent is hidden from them");
            assertFalse(ChatAccess.mayRead(8, true, 7, role), "another user's session");
            assertFalse(ChatAccess.mayRead(null, true, 7, role), "a session of nobody");
            assertFalse(ChatAccess.mayRead(null, true, null, role), "a caller without an id");
        }
    }

    @Test
    void idsAreUnguessableAndUidsShort() {
        String id = ChatIds.sessionId();
        assertTrue(id.matches("[A-Za-z0-9_-]{43}"), id);
        assertTrue(ChatIds.uid().matches("[0-9a-hjkmnp-tv-z]{10}"));
        assertTrue(ChatIds.claimToken().matches("[A-Za-z0-9_-]{22}"));
    }
}
