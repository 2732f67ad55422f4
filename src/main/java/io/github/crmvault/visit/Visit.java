package io.github.crmvault.visit;

import io.github.crmvault.common.audit.Audited;
import jakarta.persistence.Column;
import jakarta.persistence.ColumnResult;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityResult;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.SqlResultSetMapping;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One contact with a customer and its written record; carries the customer's id so it shards with it. */
@Entity
@Table(name = "visit")
@SqlResultSetMapping(name = Visit.WALKED, entities = @EntityResult(entityClass = Visit.class), columns = {
        @ColumnResult(name = "walk_hit", type = Boolean.class), @ColumnResult(name = "walk_last", type = Boolean.class),
        @ColumnResult(name = "walk_top", type = Instant.class)})
class Visit extends Audited {
    /** A visit of the note search's walk, with whether it is a hit, whether it is the walk's last and the walk's newest time. */
    static final String WALKED = "Visit.walked";
    enum Channel { ON_SITE, PHONE, VIDEO, MESSAGING }

    @Id
    UUID id;
    @Column(name = "customer_id", nullable = false, updatable = false)
    UUID customerId;
    @Column(name = "author_id", nullable = false, updatable = false)
    UUID authorId;
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "contact_ids", nullable = false, columnDefinition = "uuid[]")
    List<UUID> contactIds;
    @Column(name = "visited_at", nullable = false)
    Instant visitedAt;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    Channel channel;
    BigDecimal latitude;
    BigDecimal longitude;
    @Column(name = "location_address")
    String locationAddress;
    @Column(nullable = false)
    String notes;
    String outcome;
    @Column(name = "interest_level")
    Integer interestLevel;
    @Column(name = "next_step")
    String nextStep;
    @Column(name = "next_step_date")
    LocalDate nextStepDate;
    @Column(name = "note_length", nullable = false)
    int noteLength;
    @Column(name = "quality_score", nullable = false)
    int qualityScore;
    @Column(nullable = false)
    boolean effective;
    /** The creating request's content; never changes, so a late retry of the create still matches. */
    @Column(name = "content_hash", nullable = false, updatable = false)
    String contentHash;
    /** Maintained by SQL when a review is added (it is not the author's content: no new version). */
    @Column(name = "review_count", nullable = false, updatable = false)
    int reviewCount;

    /** The audited view of the record: every client-visible field except the audit columns. */
    Map<String, Object> snapshot() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("contactIds", contactIds.stream().map(UUID::toString).toList());
        values.put("visitedAt", visitedAt.toString());
        values.put("channel", channel.name());
        values.put("latitude", latitude == null ? null : latitude.toPlainString());
        values.put("longitude", longitude == null ? null : longitude.toPlainString());
        values.put("locationAddress", locationAddress);
        values.put("notes", notes);
        values.put("outcome", outcome);
        values.put("interestLevel", interestLevel);
        values.put("nextStep", nextStep);
        values.put("nextStepDate", nextStepDate == null ? null : nextStepDate.toString());
        values.put("noteLength", noteLength);
        values.put("qualityScore", qualityScore);
        values.put("effective", effective);
        return values;
    }
}
