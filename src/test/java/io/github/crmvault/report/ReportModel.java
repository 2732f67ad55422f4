package io.github.crmvault.report;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Predicate;
import javax.sql.DataSource;

/**
 * The independent count of the reconcile test: the raw rows (visits, ownership log, deals, customers,
 * contacts, users) read with plain SELECTs, and every figure computed from them in Java, by the rules
 * as the contract states them, into the shape of the JSON the API answers.
 */
final class ReportModel {
    record Visit(UUID author, UUID customer, Instant at, int noteLength, int score, boolean effective) {
    }

    record Event(String kind, UUID oldOwner, UUID newOwner, Instant at) {
    }

    record Deal(UUID owner, UUID customer, BigDecimal amount, String currency, LocalDate signedOn, LocalDate expected,
            boolean active) {
    }

    record Customer(UUID id, String name, UUID owner, LocalDate expected, boolean archived) {
    }

    final List<Visit> visits = new ArrayList<>();
    final List<Event> events = new ArrayList<>();
    final List<Deal> deals = new ArrayList<>();
    final List<Customer> customers = new ArrayList<>();
    final Set<UUID> withDecisionMaker = new HashSet<>();
    final Map<UUID, String> userNames = new HashMap<>();
    final Map<UUID, UUID> userTeams = new HashMap<>();
    final Map<UUID, UUID> teamParents = new HashMap<>();
    final ZoneId zone;
    final LocalDate today;
    final int noteMinimum;
    final int aDays;
    final int bDays;

    ReportModel(DataSource db, ZoneId zone, LocalDate today, int noteMinimum, int aDays, int bDays) {
        this.zone = zone;
        this.today = today;
        this.noteMinimum = noteMinimum;
        this.aDays = aDays;
        this.bDays = bDays;
        try (Connection connection = db.getConnection(); Statement statement = connection.createStatement()) {
            read(statement, "SELECT author_id, customer_id, visited_at, note_length, quality_score, effective FROM visit",
                    r -> visits.add(new Visit(uuid(r, 1), uuid(r, 2), r.getObject(3, java.time.OffsetDateTime.class)
                            .toInstant(), r.getInt(4), r.getInt(5), r.getBoolean(6))));
            read(statement, "SELECT kind, old_owner_key, new_owner_key, at FROM customer_owner_change",
                    r -> events.add(new Event(r.getString(1), uuid(r, 2), uuid(r, 3),
                            r.getObject(4, java.time.OffsetDateTime.class).toInstant())));
            read(statement, "SELECT owner_id, customer_id, amount, currency, signed_on, expected_sign_date, status FROM deal",
                    r -> deals.add(new Deal(uuid(r, 1), uuid(r, 2), r.getBigDecimal(3), r.getString(4),
                            r.getObject(5, LocalDate.class), r.getObject(6, LocalDate.class),
                            r.getString(7).equals("ACTIVE"))));
            read(statement, "SELECT id, name, owner_id, expected_sign_date, archived FROM customer",
                    r -> customers.add(new Customer(uuid(r, 1), r.getString(2), uuid(r, 3),
                            r.getObject(4, LocalDate.class), r.getBoolean(5))));
            read(statement, "SELECT customer_id, decision_maker, decision_role, archived FROM contact", r -> {
                if (!r.getBoolean(4) && (r.getBoolean(2) || "DECISION_MAKER".equals(r.getString(3)))) {
                    withDecisionMaker.add(uuid(r, 1));
                }
            });
            read(statement, "SELECT id, display_name, team_id FROM app_user", r -> {
                userNames.put(uuid(r, 1), r.getString(2));
                if (r.getObject(3) != null) {
                    userTeams.put(uuid(r, 1), uuid(r, 3));
                }
            });
            read(statement, "SELECT id, parent_id FROM team", r -> teamParents.put(uuid(r, 1), uuid(r, 2)));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    interface RowReader {
        void read(ResultSet row) throws SQLException;
    }

    private static void read(Statement statement, String sql, RowReader reader) throws SQLException {
        try (ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                reader.read(rows);
            }
        }
    }

    private static UUID uuid(ResultSet row, int column) throws SQLException {
        return row.getObject(column, UUID.class);
    }

    Instant startOf(LocalDate day) {
        return day.atStartOfDay(zone).toInstant();
    }

    /** The measures of the users {@code in} (the company: everyone, the pool included) over [from, to]. */
    Map<String, Object> measures(Predicate<UUID> in, LocalDate from, LocalDate to) {
        Instant start = startOf(from);
        Instant end = startOf(to.plusDays(1));
        List<Visit> done = visits.stream().filter(v -> in.test(v.author()) && !v.at().isBefore(start) && v.at().isBefore(end))
                .toList();
        Set<UUID> visited = new HashSet<>();
        done.forEach(v -> visited.add(v.customer()));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("visits", (long) done.size());
        m.put("effectiveVisits", done.stream().filter(Visit::effective).count());
        m.put("meanNoteLength", ratio(done.stream().mapToLong(Visit::noteLength).sum(), done.size(), 2));
        m.put("meanQualityScore", ratio(done.stream().mapToLong(Visit::score).sum(), done.size(), 2));
        m.put("shareUnderNoteMinimum", ratio(done.stream().filter(v -> v.noteLength() < noteMinimum).count(), done.size(), 4));
        m.put("customersVisited", (long) visited.size());
        List<Event> during = events.stream().filter(e -> !e.at().isBefore(start) && e.at().isBefore(end)).toList();
        m.put("newCustomers", during.stream().filter(e -> e.kind().equals("CREATE") && in.test(e.newOwner())).count());
        m.put("claims", during.stream().filter(e -> e.kind().equals("CLAIM") && in.test(e.newOwner())).count());
        m.put("releases", during.stream().filter(e -> e.kind().equals("RELEASE") && in.test(e.oldOwner())).count());
        m.put("recalls", during.stream().filter(e -> e.kind().equals("RECALL") && in.test(e.oldOwner())).count());
        List<Deal> signed = deals.stream().filter(d -> d.active() && in.test(d.owner())
                && !d.signedOn().isBefore(from) && !d.signedOn().isAfter(to)).toList();
        m.put("dealsSigned", (long) signed.size());
        Map<String, BigDecimal> amounts = new TreeMap<>();
        signed.forEach(d -> amounts.merge(d.currency(), d.amount(), BigDecimal::add));
        List<Map<String, Object>> dealAmounts = new ArrayList<>();
        // Amounts are decimal strings with 2 decimals on the wire.
        amounts.forEach((currency, amount) -> dealAmounts.add(Map.of("currency", currency,
                "amount", amount.setScale(2).toPlainString())));
        m.put("dealAmounts", dealAmounts);
        Map<UUID, LocalDate> firstSigned = new HashMap<>();
        Set<UUID> inWindow = new HashSet<>();
        for (Deal d : signed) {
            firstSigned.merge(d.customer(), d.signedOn(), (a, b) -> a.isBefore(b) ? a : b);
            if (d.expected() != null && !d.expected().isBefore(d.signedOn())
                    && !d.expected().isAfter(d.signedOn().plusDays(aDays))) {
                inWindow.add(d.customer());
            }
        }
        long visitedSigned = firstSigned.keySet().stream().filter(visited::contains).count();
        long visitsToSigned = 0;
        long oneVisit = 0;
        for (Map.Entry<UUID, LocalDate> s : firstSigned.entrySet()) {
            Instant endOfSigning = startOf(s.getValue().plusDays(1));
            long n = visits.stream().filter(v -> v.customer().equals(s.getKey()) && v.at().isBefore(endOfSigning)).count();
            visitsToSigned += n;
            oneVisit += n == 1 ? 1 : 0;
        }
        m.put("customersSigned", (long) firstSigned.size());
        m.put("visitedCustomersSigned", visitedSigned);
        m.put("signingRate", ratio(visitedSigned, visited.size(), 4));
        m.put("visitsPerSignedCustomer", ratio(visitsToSigned, firstSigned.size(), 2));
        m.put("oneVisitCloses", oneVisit);
        m.put("aSignedWithinWindow", (long) inWindow.size());
        m.values().removeIf(Objects::isNull);
        return m;
    }

    String grade(LocalDate expected) {
        if (expected == null || expected.isAfter(today.plusDays(bDays))) {
            return "C";
        }
        return expected.isAfter(today.plusDays(aDays)) ? "B" : "A";
    }

    /** Grades and key persons of the live customers whose owner key (the pool: null) is {@code in}. */
    Map<String, Object> now(Predicate<UUID> in, int limit) {
        List<Customer> live = customers.stream().filter(c -> !c.archived() && in.test(c.owner())).toList();
        Map<String, Object> grades = new LinkedHashMap<>();
        grades.put("asOf", today.toString());
        for (String g : List.of("A", "B", "C")) {
            grades.put(g.toLowerCase(), live.stream().filter(c -> grade(c.expected()).equals(g)).count());
        }
        long covered = live.stream().filter(c -> withDecisionMaker.contains(c.id())).count();
        List<Customer> missing = live.stream().filter(c -> !grade(c.expected()).equals("C")
                && !withDecisionMaker.contains(c.id()))
                .sorted(Comparator.comparing(Customer::expected).thenComparing(c -> c.id().toString())).toList();
        List<Map<String, Object>> listed = new ArrayList<>();
        for (Customer c : missing.subList(0, Math.min(limit, missing.size()))) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("customerId", c.id().toString());
            item.put("name", c.name());
            item.put("grade", grade(c.expected()));
            item.put("expectedSignDate", c.expected().toString());
            if (c.owner() != null) {
                item.put("ownerId", c.owner().toString());
                item.put("ownerName", userNames.get(c.owner()));
            }
            listed.add(item);
        }
        Map<String, Object> keyPersons = new LinkedHashMap<>();
        keyPersons.put("liveCustomers", (long) live.size());
        keyPersons.put("withDecisionMaker", covered);
        if (!live.isEmpty()) {
            keyPersons.put("coverage", ratio(covered, live.size(), 4));
        }
        keyPersons.put("missingTotal", (long) missing.size());
        keyPersons.put("missing", listed);
        return Map.of("grades", grades, "keyPersons", keyPersons);
    }

    static BigDecimal ratio(long numerator, long denominator, int decimals) {
        return denominator == 0 ? null
                : BigDecimal.valueOf(numerator).divide(BigDecimal.valueOf(denominator), decimals, RoundingMode.HALF_UP);
    }
}
