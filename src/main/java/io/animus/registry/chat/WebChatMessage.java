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

import io.animus.registry.identity.user.User;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A message a user posted in a chat session, waiting for Broca until it is processed. */
@Entity
@Table(name = "web_chat_messages")
public class WebChatMessage extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Integer id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "session_id")
    public WebChatSession session;

    public String message;

    @Generated(event = EventType.INSERT)
    @Column(name = "timestamp", updatable = false)
    public Instant timestamp;

    public boolean processed;

    @Column(name = "broca_message_id")
    public Integer brocaMessageId;

    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "user_id")
    public User user;

    /** When Broca's acknowledgement arrived. */
    @Column(name = "processed_at")
    public Instant processedAt;

    /** The end of the lease of the Broca worker that claimed the message; after it, the message is pending again. */
    @Column(name = "claimed_until")
    public Instant claimedUntil;

    /** The token of the latest claim, which an acknowledgement may name to prove it still holds the lease. */
    @Column(name = "claim_token")
    public String claimToken;

    /** The service key that made the latest claim. */
    @Column(name = "claimed_by")
    public String claimedBy;

    /** How many times the message was claimed: more than one means a worker let its lease run out. */
    @Column(name = "delivery_attempts")
    public int deliveryAttempts;
}
