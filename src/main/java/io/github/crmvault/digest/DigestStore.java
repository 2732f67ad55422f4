package io.github.crmvault.digest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.github.crmvault.digest.DigestDtos.Digest;
import io.github.crmvault.webhook.EventType;
import io.github.crmvault.webhook.WebhookOutbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.UUID;

/**
 * Built digests, stored once. Its own plain JSON mapper: the body must read back exactly as it was
 * written, whatever the API's mapper is configured to accept from clients.
 */
@ApplicationScoped
class DigestStore {
    private static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();

    @Inject
    DigestRepository repository;
    @Inject
    WebhookOutbox outbox;

    /**
     * Stores each final digest unless its scope's digest of the period is stored already (another
     * instance, or another run, was first); returns how many this call stored. One transaction for the
     * batch, so a period's thousands of digests are not thousands of commits. Each digest this call
     * stored publishes digest.ready (the digest itself) to the webhooks' outbox in the same transaction:
     * one event per digest, whichever instance built it. Callers insert in one order ({@link DigestJob}), so instances that race wait
     * for each other's rows instead of deadlocking.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    int store(List<Digest> digests) {
        int stored = 0;
        boolean announce = outbox.wanted(EventType.DIGEST_READY);
        for (Digest digest : digests) {
            boolean inserted = repository.insert(UUID.randomUUID(), digest.kind(), digest.from(), digest.scope().kind(),
                    scopeId(digest), write(digest), digest.builtAt());
            if (inserted && announce) {
                outbox.publish(EventType.DIGEST_READY, null, digest);
            }
            stored += inserted ? 1 : 0;
        }
        return stored;
    }

    static UUID scopeId(Digest digest) {
        return digest.scope().id() == null ? DigestRepository.COMPANY : digest.scope().id();
    }

    static String write(Digest digest) {
        try {
            return JSON.writeValueAsString(digest);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A digest could not be written as JSON", e);
        }
    }

    static Digest read(String body) {
        try {
            return JSON.readValue(body, Digest.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A stored digest could not be read", e);
        }
    }
}
