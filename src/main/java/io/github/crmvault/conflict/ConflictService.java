package io.github.crmvault.conflict;

import io.github.crmvault.common.problem.ProblemException;
import io.github.crmvault.common.problem.ProblemType;
import io.github.crmvault.common.security.Visibility;
import io.github.crmvault.common.security.CallerContext;
import io.github.crmvault.conflict.CompanyIdentity.Keys;
import io.github.crmvault.conflict.ConflictDtos.ConflictCheckResponse;
import io.github.crmvault.conflict.ConflictDtos.ConflictKey;
import io.github.crmvault.conflict.ConflictDtos.ConflictKey.Kind;
import io.github.crmvault.conflict.ConflictDtos.ConflictMatch;
import io.github.crmvault.conflict.ConflictDtos.Decision;
import io.github.crmvault.conflict.ConflictDtos.Holder;
import io.github.crmvault.conflict.ConflictDtos.Relationship;
import io.github.crmvault.conflict.ConflictRepository.Found;
import io.github.crmvault.conflict.ConflictRepository.Holding;
import io.github.crmvault.conflict.ConflictRepository.NameHit;
import io.github.crmvault.settings.CrmSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Conflict checks (查重 / 防撞单): does a company already exist as a live customer, and who holds it.
 * Exact keys (credit code, phone, company domain, normalised name) block; similar names warn. The
 * customer service calls {@link #register} and {@link #release} in its own transaction whenever a
 * customer's keys may change, so the key tables always describe the live customers; their primary
 * key, not this class, decides between two concurrent writers of the same key.
 */
@ApplicationScoped
public class ConflictService {
    /** The most similar names one check reports, best first. */
    static final int MAX_SIMILAR = 10;
    /** Candidates fetched for the typo check; common names share variants with many others. */
    private static final int MAX_TYPO_CANDIDATES = 100;

    @Inject
    ConflictRepository repository;
    @Inject
    CallerContext callers;
    @Inject
    CrmSettings settings;
    @Inject
    EntityManager em;

    /**
     * The answer of POST /conflict-checks. No transaction of its own: its lookups read in one snapshot
     * (one statement: conflict_find, V43; its similar names come from conflict_similar_names, V45).
     */
    ConflictCheckResponse check(CompanyIdentity company) {
        Keys keys = company.keys();
        if (keys.isEmpty()) {
            throw new ProblemException(ProblemType.VALIDATION, "Nothing to check: give at least one of name, creditCode,"
                    + " phones, emails or website. Free-mail addresses (qq.com, 163.com, gmail.com...) and local numbers"
                    + " without an area code identify no company");
        }
        List<ConflictMatch> matches = find(keys, null, true);
        return new ConflictCheckResponse(decision(matches), keys.exact(), matches);
    }

    /**
     * Makes the customer's keys its current ones, after checking them: 409 duplicate-customer when
     * another live customer holds one of its exact keys, or, with {@code similarNamesBlock}, has a
     * similar name (checked only when the normalised name is new or changed: an update that keeps
     * the name does not warn again). Runs in the caller's transaction, after the customer row is
     * written or flushable; a key taken by a concurrent writer that commits first is refused too.
     */
    public void register(UUID customerId, CompanyIdentity company, boolean similarNamesBlock) {
        em.flush(); // the key tables reference the customer row, and the contacts' mobiles are read by SQL
        repository.markCurrent(customerId);
        Keys keys = company.withContactMobiles(repository.contactPhones(customerId)).keys();
        List<String> storedName = repository.nameOf(customerId);
        boolean coreChanged = storedName == null || !keys.coreName().equals(storedName.get(0));
        Set<ConflictKey> stored = new HashSet<>(repository.keysOf(customerId));
        List<ConflictKey> added = keys.exact().stream().filter(k -> !stored.contains(k)).toList();
        // Keys the customer holds already are its own (the primary key says so): only new ones are looked up.
        List<ConflictMatch> matches = find(new Keys(added, keys.coreName(), keys.parentCore()), customerId,
                similarNamesBlock && coreChanged);
        if (!matches.isEmpty()) {
            throw duplicate(decision(matches), matches);
        }
        List<ConflictKey> taken = write(customerId, keys, stored, added, storedName);
        if (!taken.isEmpty()) {
            // Someone else's insert of a key committed between our check and our insert.
            throw duplicate(Decision.BLOCKED, find(new Keys(taken, "", ""), customerId, false));
        }
    }

    /**
     * Recomputes the keys of a customer written by an older normaliser (the backfill, in its
     * transaction, with the customer's row locked): an archived customer keeps none; a key another
     * live customer holds stays theirs and is answered (two customers that the new keys say are one
     * company existed before: a case for a merge, not for refusing the backfill).
     */
    List<ConflictKey> rekey(UUID customerId) {
        ConflictRepository.StoredCustomer customer = repository.stored(customerId);
        List<ConflictKey> taken = List.of();
        if (customer != null && customer.archived()) {
            repository.deleteAll(customerId);
        } else if (customer != null) {
            Keys keys = customer.identity().withContactMobiles(repository.contactPhones(customerId)).keys();
            Set<ConflictKey> stored = new HashSet<>(repository.keysOf(customerId));
            List<ConflictKey> added = keys.exact().stream().filter(k -> !stored.contains(k)).toList();
            taken = write(customerId, keys, stored, added, repository.nameOf(customerId));
        }
        repository.markCurrent(customerId);
        return taken;
    }

    /** Makes the stored keys and name the given ones; answers the added keys another customer holds. */
    private List<ConflictKey> write(UUID customerId, Keys keys, Set<ConflictKey> stored, List<ConflictKey> added,
            List<String> storedName) {
        List<ConflictKey> gone = stored.stream().filter(k -> !keys.exact().contains(k)).sorted().toList();
        repository.deleteKeys(customerId, gone);
        List<ConflictKey> taken = List.of();
        if (repository.insertKeys(customerId, added) < added.size()) {
            Set<ConflictKey> mine = new HashSet<>(repository.keysOf(customerId));
            taken = added.stream().filter(k -> !mine.contains(k)).toList();
        }
        if (!List.of(keys.coreName(), keys.parentCore()).equals(storedName)) {
            repository.replaceName(customerId, keys.coreName(), keys.parentCore());
        }
        return taken;
    }

    /** The customer leaves the key tables (archived): its keys are free for others. */
    public void release(UUID customerId) {
        repository.deleteAll(customerId);
    }

    /** Whether similar-name checks can work on this database (see {@link TrigramCheck}). */
    @Transactional
    boolean trigramsWorkForChinese() {
        return repository.trigramsWorkForChinese();
    }

    private List<ConflictMatch> find(Keys keys, UUID self, boolean similarNames) {
        // One statement, so one snapshot: a customer committed while the check runs is seen by all of its
        // lookups or by none (the check made one statement per lookup before, exact keys last).
        Found found = repository.find(keys.exact(), similarNames ? keys.coreName() : "",
                similarNames ? keys.parentCore() : "", settings.conflict().nameSimilarity(), self, MAX_SIMILAR,
                MAX_TYPO_CANDIDATES);
        Map<UUID, Double> similar = similarNames(keys.coreName(), found);
        Map<UUID, Relationship> related = related(found);
        Map<UUID, List<ConflictKey>> exact = found.exact();
        Set<UUID> ids = new LinkedHashSet<>(exact.keySet());
        ids.addAll(similar.keySet());
        ids.addAll(related.keySet());
        // The typo candidates come without holdings (most are never shown): those shown are read now, a
        // moment after the rest, so one claimed or renamed meanwhile shows its newer holder or name.
        Map<UUID, Holding> holdings = new HashMap<>(found.holdings());
        holdings.putAll(repository.holdings(ids.stream().filter(id -> !holdings.containsKey(id)).toList()));
        Visibility visibility = callers.current().visibility();
        List<ConflictMatch> matches = new ArrayList<>();
        for (UUID id : ids) {
            Holding holding = holdings.get(id);
            List<ConflictKey> matched = exact.getOrDefault(id, List.of()).stream().sorted().toList();
            Double similarity = matched.stream().anyMatch(k -> k.kind() == Kind.NAME) ? Double.valueOf(1.0) : similar.get(id);
            Holder holder = holding.ownerId() == null ? new Holder(true, null, null)
                    : new Holder(false, holding.ownerName(), holding.teamName());
            matches.add(new ConflictMatch(visibility.sees(holding.ownerId()) ? id : null, holding.name(), matched,
                    similarity, holding.status(), holder, related.get(id)));
        }
        matches.sort(Comparator.comparing((ConflictMatch m) -> m.matchedKeys().isEmpty())
                .thenComparing(m -> -m.matchedKeys().size())
                .thenComparing(m -> m.nameSimilarity() == null ? 0.0 : -m.nameSimilarity())
                .thenComparing(ConflictMatch::name));
        return matches;
    }

    /**
     * Branch relationships, never the same company: the held parent of a checked branch (its parent's
     * NAME key), and held branches of a checked company (their stored parent name). Branches of the
     * same parent (the Beijing and the Shanghai office) are not reported: they are separate deals.
     */
    private static Map<UUID, Relationship> related(Found found) {
        Map<UUID, Relationship> related = new LinkedHashMap<>();
        found.parents().forEach(id -> related.put(id, Relationship.BRANCH_OF));
        found.branches().forEach(id -> related.putIfAbsent(id, Relationship.PARENT_OF));
        return related;
    }

    /**
     * Customers whose normalised names are trigram-similar (above the configured threshold) or one
     * typo away, with their scores (the higher of the two); the best {@link #MAX_SIMILAR}.
     */
    private static Map<UUID, Double> similarNames(String coreName, Found found) {
        Map<UUID, Double> scores = new HashMap<>();
        for (NameHit hit : found.similar()) {
            scores.put(hit.customerId(), hit.similarity());
        }
        for (NameHit hit : found.typos()) {
            if (Typos.oneEditApart(coreName, hit.coreName())) {
                // A typo is as alike as 1 - 1/length, however few trigrams the two names share.
                scores.merge(hit.customerId(), Math.max(hit.similarity(), Typos.score(coreName, hit.coreName())),
                        Math::max);
            }
        }
        return scores.entrySet().stream()
                .sorted(Map.Entry.<UUID, Double>comparingByValue().reversed())
                .limit(MAX_SIMILAR)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    private static Decision decision(List<ConflictMatch> matches) {
        if (matches.stream().anyMatch(m -> !m.matchedKeys().isEmpty())) {
            return Decision.BLOCKED;
        }
        return matches.isEmpty() ? Decision.CLEAR : Decision.WARNING;
    }

    private static ProblemException duplicate(Decision decision, List<ConflictMatch> matches) {
        String detail = decision == Decision.BLOCKED
                ? "The company is already a live customer: " + matches.stream()
                        .flatMap(m -> m.matchedKeys().stream()).map(k -> k.kind() + " " + k.value())
                        .distinct().collect(Collectors.joining(", "))
                : "Customers with similar names exist, or the company is a branch of a customer or has branches among"
                        + " them (see relationship); if this is another company, send the request again with"
                        + " acknowledgeSimilar=true";
        Map<String, Object> extensions = new LinkedHashMap<>();
        extensions.put("decision", decision);
        extensions.put("conflicts", matches);
        return new ProblemException(ProblemType.DUPLICATE_CUSTOMER, detail, extensions);
    }
}
