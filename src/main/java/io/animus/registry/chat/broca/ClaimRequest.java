package io.animus.registry.chat.broca;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The body of a claim: how many pending messages to take at most, and for how many seconds to hold
 * them. Absent values take {@code animus.chat.claim.default-limit} and {@code default-lease-seconds}.
 */
@RegisterForReflection
public record ClaimRequest(Integer limit, Integer leaseSeconds) {
}
