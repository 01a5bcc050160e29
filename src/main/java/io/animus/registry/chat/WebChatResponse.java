package io.animus.registry.chat;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

import org.hibernate.annotations.Generated;
import org.hibernate.generator.EventType;

import io.animus.registry.agent.Agent;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A reply of the agent in a chat session, brought back by Broca. */
@Entity
@Table(name = "web_chat_responses")
public class WebChatResponse extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Integer id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "session_id")
    public WebChatSession session;

    /** The message this answers, when Broca says which. */
    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "message_id")
    public WebChatMessage message;

    public String response;

    @Generated(event = EventType.INSERT)
    @Column(name = "timestamp", updatable = false)
    public Instant timestamp;

    @Column(name = "broca_message_id")
    public Integer brocaMessageId;

    /** The agent that replied. */
    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "agent_id")
    public Agent agent;
}
