/**
 * Plain records of something that happened in the registry, fired as synchronous CDI events inside
 * the transaction that made it happen, so that a lower feature can say what happened without knowing
 * who listens (webhooks observe them and turn them into their system events).
 */
package io.animus.registry.event;
