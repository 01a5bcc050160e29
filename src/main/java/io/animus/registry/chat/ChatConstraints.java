package io.animus.registry.chat;

import java.util.Map;

import jakarta.inject.Singleton;

import io.animus.registry.web.KnownConstraints;

/** What breaking a constraint of the web chat sessions table means to the caller. */
@Singleton
class ChatConstraints implements KnownConstraints {

    @Override
    public Map<String, String> meanings() {
        return Map.of("uq_web_chat_sessions_uid", "a chat session with this uid already exists");
    }
}
