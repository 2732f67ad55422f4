package io.github.crmvault.digest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.github.crmvault.digest.DigestDtos.Digest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
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

    /**
     * Stores a final digest unless its scope's digest of the period is stored already (another instance,
     * or another run, was first); true when this call stored it. One transaction per digest: the place
     * where the digest.ready event (webhooks' outbox) is to be written, in the same transaction, when
     * this call stored it.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    boolean store(Digest digest) {
        UUID scopeId = digest.scope().id() == null ? DigestRepository.COMPANY : digest.scope().id();
        return repository.insert(UUID.randomUUID(), digest.kind(), digest.from(), digest.scope().kind(), scopeId,
                write(digest), digest.builtAt());
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
