package io.github.crmvault.customer;

import io.github.crmvault.common.audit.Audited;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

@Entity
@Table(name = "customer")
class Customer extends Audited {
    enum Status { LEAD, PROSPECT, SIGNED, LOST }

    enum CompanySize { MICRO, SMALL, MEDIUM, LARGE, ENTERPRISE }

    @Id
    UUID id;
    @Column(nullable = false)
    String name;
    @Column(name = "credit_code")
    String creditCode;
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(nullable = false, columnDefinition = "text[]")
    List<String> phones;
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(nullable = false, columnDefinition = "text[]")
    List<String> emails;
    String website;
    String industry;
    @Enumerated(EnumType.STRING)
    @Column(name = "company_size")
    CompanySize companySize;
    String province;
    String city;
    String address;
    String source;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    Status status;
    @Column(name = "expected_sign_date")
    LocalDate expectedSignDate;
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(nullable = false, columnDefinition = "text[]")
    List<String> tags;
    String notes;
    @Column(name = "owner_id")
    UUID ownerId;
    @Column(nullable = false)
    boolean archived;
    @Column(name = "search_text", nullable = false)
    String searchText;

    /** What q= matches: the lower-cased name and every phone number's digits. */
    void refreshSearchText() {
        String phoneDigits = phones.stream().map(Customer::digits).collect(Collectors.joining(" "));
        searchText = name.toLowerCase(Locale.ROOT) + " " + phoneDigits;
    }

    static String digits(String text) {
        return text.replaceAll("[^0-9]", "");
    }

    /** The audited view of the record: every client-visible field except the audit columns. */
    Map<String, Object> snapshot() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("name", name);
        values.put("creditCode", creditCode);
        values.put("phones", List.copyOf(phones));
        values.put("emails", List.copyOf(emails));
        values.put("website", website);
        values.put("industry", industry);
        values.put("companySize", companySize == null ? null : companySize.name());
        values.put("province", province);
        values.put("city", city);
        values.put("address", address);
        values.put("source", source);
        values.put("status", status.name());
        values.put("expectedSignDate", expectedSignDate == null ? null : expectedSignDate.toString());
        values.put("tags", List.copyOf(tags));
        values.put("notes", notes);
        values.put("ownerId", ownerId == null ? null : ownerId.toString());
        values.put("archived", archived);
        return values;
    }
}
