package io.github.crmvault.export;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.crmvault.customer.CustomerDtos.ContactResponse;
import io.github.crmvault.customer.CustomerDtos.CustomerResponse;
import io.github.crmvault.support.Api;
import io.github.crmvault.support.Customers;
import io.github.crmvault.support.Org;
import io.github.crmvault.support.Problems;
import io.github.crmvault.deal.DealDtos.DealResponse;
import io.github.crmvault.visit.VisitDtos.VisitResponse;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the exports contain, for whom, in which format, and how they hand over to the change feed. */
@QuarkusTest
class ExportApiTest {
    static final String NDJSON = "application/x-ndjson";
    static final String CSV = "text/csv";

    @Inject
    DataSource dataSource;

    Org.Person rep;
    Org.Person peer;
    /** Integration holds the export permission by default (what a rep's export shows: ExportRightsSettingTest). */
    Org.Person exporter;
    String since;
    String customer;
    String contact;
    String visit;
    String archived;
    String peerCustomer;
    String peerContact;
    String peerVisit;
    String deal;
    String peerDeal;

    @BeforeEach
    void company() {
        since = Instant.now().minusSeconds(1).toString();
        rep = Org.rep();
        peer = Org.rep();
        exporter = io.github.crmvault.support.OrgAdmin.person(Org.team(Org.unique("int"), null, null), "integration");
        Map<String, Object> body = Customers.body(Customers.nameWith("Export, \"Quoted\" Co"));
        body.put("phones", List.of(Customers.phone(), Customers.phone()));
        body.put("tags", List.of("重点客户", "a|b\\c"));
        body.put("notes", "line one\nline two, with a comma");
        customer = Api.as(rep.auth()).body(body).post("/api/v1/customers").then().statusCode(201).extract().path("id");
        contact = contact(rep, customer);
        visit = visit(rep, customer, contact);
        archived = Customers.create(rep.auth(), Customers.nameWith("Export Archived"));
        Api.as(rep.auth()).post("/api/v1/customers/" + archived + "/archive").then().statusCode(200);
        peerCustomer = Customers.create(peer.auth(), Customers.nameWith("Export Peer"));
        peerContact = contact(peer, peerCustomer);
        peerVisit = visit(peer, peerCustomer, peerContact);
        deal = deal(rep, customer);
        peerDeal = deal(peer, peerCustomer);
    }

    static String deal(Org.Person who, String customerId) {
        Map<String, Object> body = Map.of("amount", "128000.50", "currency", "CNY",
                "signedOn", java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")).toString(),
                "product", "CRM 企业版, \"年度\" 订阅");
        return Api.as(who.auth()).body(body).post("/api/v1/customers/" + customerId + "/deals")
                .then().statusCode(201).extract().path("id");
    }

    static String contact(Org.Person who, String customerId) {
        return Api.as(who.auth()).body(Map.of("name", "王芳", "title", "采购总监", "decisionRole", "DECISION_MAKER"))
                .post("/api/v1/customers/" + customerId + "/contacts").then().statusCode(201).extract().path("id");
    }

    static String visit(Org.Person who, String customerId, String contactId) {
        Map<String, Object> body = new HashMap<>();
        body.put("visitedAt", Instant.now().minusSeconds(3600).toString());
        body.put("channel", "ON_SITE");
        body.put("notes", "拜访记录".repeat(30));
        body.put("contactIds", List.of(contactId));
        body.put("latitude", 30.274085);
        body.put("longitude", 120.15507);
        body.put("nextStep", "下周演示");
        body.put("nextStepDate", "2030-01-08");
        return Api.as(who.auth()).body(body).post("/api/v1/customers/" + customerId + "/visits")
                .then().statusCode(201).extract().path("id");
    }

    static Response export(String auth, String what, String accept, String updatedSince) {
        var request = (auth == null ? Api.anonymous() : Api.as(auth)).accept(accept);
        if (updatedSince != null) {
            request = request.queryParam("updatedSince", updatedSince);
        }
        return request.get("/api/v1/export/" + what);
    }

    /** The NDJSON lines of an export, by id. */
    static Map<String, Map<String, Object>> ndjson(Response response) {
        response.then().statusCode(200).contentType(startsWith(NDJSON));
        String body = response.asString();
        assertTrue(body.isEmpty() || body.endsWith("\n"), "every line ends with LF");
        Map<String, Map<String, Object>> records = new HashMap<>();
        for (String line : body.split("\n")) {
            if (!line.isEmpty()) {
                Map<String, Object> record = new JsonPath(line).getMap("");
                records.put((String) record.get("id"), record);
            }
        }
        return records;
    }

    @Test
    void eachNdjsonRecordIsTheApisOwnRepresentation() {
        Map<String, Map<String, Object>> customers = ndjson(export(exporter.auth(), "customers", NDJSON, since));
        assertEquals(Api.as(exporter.auth()).get("/api/v1/customers/" + customer).then().extract().jsonPath().getMap(""),
                customers.get(customer));
        Map<String, Map<String, Object>> contacts = ndjson(export(exporter.auth(), "contacts", NDJSON, since));
        assertEquals(Api.as(exporter.auth()).get("/api/v1/customers/" + customer + "/contacts/" + contact)
                .then().extract().jsonPath().getMap(""), contacts.get(contact));
        Map<String, Map<String, Object>> visits = ndjson(export(exporter.auth(), "visits", NDJSON, since));
        assertEquals(Api.as(exporter.auth()).get("/api/v1/visits/" + visit).then().extract().jsonPath().getMap(""),
                visits.get(visit));
        Map<String, Map<String, Object>> deals = ndjson(export(exporter.auth(), "deals", NDJSON, since));
        assertEquals(Api.as(exporter.auth()).get("/api/v1/customers/" + customer + "/deals/" + deal).then().extract()
                .jsonPath().getMap(""), deals.get(deal));
    }

    @Test
    void integrationAndAdminGetEveryonesRecordsAndArchivedOnesComeFlagged() {
        for (String auth : List.of(exporter.auth(), Org.ADMIN)) {
            Map<String, Map<String, Object>> customers = ndjson(export(auth, "customers", NDJSON, since));
            assertTrue(customers.keySet().containsAll(List.of(customer, archived, peerCustomer)));
            assertEquals(true, customers.get(archived).get("archived"));
            assertTrue(ndjson(export(auth, "contacts", NDJSON, since)).keySet().containsAll(List.of(contact, peerContact)));
            assertTrue(ndjson(export(auth, "visits", NDJSON, since)).keySet().containsAll(List.of(visit, peerVisit)));
            assertTrue(ndjson(export(auth, "deals", NDJSON, since)).keySet().containsAll(List.of(deal, peerDeal)));
        }
    }

    @Test
    void updatedSinceKeepsOnlyLaterUpdatesInUpdateOrder() {
        Instant later = Instant.now().plusMillis(1);
        sql(dataSource, "UPDATE customer SET updated_at = ? WHERE id = ?", java.sql.Timestamp.from(later.plusSeconds(1)),
                UUID.fromString(customer));
        Response response = export(exporter.auth(), "customers", NDJSON, later.toString());
        Map<String, Map<String, Object>> records = ndjson(response);
        assertTrue(records.containsKey(customer));
        assertFalse(records.containsKey(archived));
        // The whole export is in (updatedAt, id) order.
        List<String> lines = List.of(export(exporter.auth(), "customers", NDJSON, since).asString().split("\n"));
        List<Instant> updated = new ArrayList<>();
        lines.forEach(line -> updated.add(Instant.parse(new JsonPath(line).getString("updatedAt"))));
        for (int i = 1; i < updated.size(); i++) {
            assertFalse(updated.get(i).isBefore(updated.get(i - 1)), "in update order");
        }
        // An offset is fine too.
        export(exporter.auth(), "contacts", NDJSON, "2026-01-31T08:00:00+08:00").then().statusCode(200);
    }

    @Test
    void csvHasTheDocumentedColumnsAndQuotesWhatNeedsIt() {
        assertEquals(ExportDocs.CUSTOMER_COLUMNS, CsvWriter.header(CustomerResponse.class));
        assertEquals(ExportDocs.CONTACT_COLUMNS, CsvWriter.header(ContactResponse.class));
        assertEquals(ExportDocs.VISIT_COLUMNS, CsvWriter.header(VisitResponse.class));
        assertEquals(ExportDocs.DEAL_COLUMNS, CsvWriter.header(DealResponse.class));

        Response response = export(exporter.auth(), "customers", CSV, since);
        response.then().statusCode(200).contentType(equalTo("text/csv; charset=UTF-8"));
        List<List<String>> rows = CsvReader.parse(response.asString());
        assertEquals(List.of(ExportDocs.CUSTOMER_COLUMNS.split(",")), rows.get(0));
        JsonPath json = Api.as(exporter.auth()).get("/api/v1/customers/" + customer).then().extract().jsonPath();
        List<String> row = rows.stream().filter(r -> r.get(0).equals(customer)).findFirst().orElseThrow();
        Map<String, String> cells = new HashMap<>();
        for (int i = 0; i < rows.get(0).size(); i++) {
            cells.put(rows.get(0).get(i), row.get(i));
        }
        assertEquals(json.getString("name"), cells.get("name"));
        assertEquals(String.join("|", json.getList("phones", String.class)), cells.get("phones"));
        assertEquals("重点客户|a\\|b\\\\c", cells.get("tags"));
        assertEquals("line one\nline two, with a comma", cells.get("notes"));
        assertEquals(json.getString("updatedAt"), cells.get("updatedAt"));
        assertEquals("", cells.get("creditCode"));
        assertEquals("false", cells.get("archived"));

        List<List<String>> visits = CsvReader.parse(export(exporter.auth(), "visits", CSV, since).asString());
        List<String> visitRow = visits.stream().filter(r -> r.get(0).equals(visit)).findFirst().orElseThrow();
        assertEquals(contact, visitRow.get(visits.get(0).indexOf("contactIds")));
        assertEquals("30.274085", visitRow.get(visits.get(0).indexOf("latitude")));
        List<List<String>> deals = CsvReader.parse(export(exporter.auth(), "deals", CSV, since).asString());
        List<String> dealRow = deals.stream().filter(r -> r.get(0).equals(deal)).findFirst().orElseThrow();
        assertEquals("128000.50", dealRow.get(deals.get(0).indexOf("amount")));
        assertEquals("CRM 企业版, \"年度\" 订阅", dealRow.get(deals.get(0).indexOf("product")));
        List<List<String>> contacts = CsvReader.parse(export(exporter.auth(), "contacts", "text/*", since).asString());
        assertTrue(contacts.stream().anyMatch(r -> r.get(0).equals(contact)));
    }

    @Test
    void acceptChoosesTheFormat() {
        export(exporter.auth(), "customers", "*/*", since).then().statusCode(200).contentType(startsWith(NDJSON));
        export(exporter.auth(), "customers", "application/json;q=0.9, text/csv", since).then().statusCode(200)
                .contentType(startsWith(CSV));
        export(exporter.auth(), "customers", "text/csv;q=0.5, application/x-ndjson", since).then().statusCode(200)
                .contentType(startsWith(NDJSON));
        Problems.expect(export(exporter.auth(), "customers", "application/json", since), 406,
                "not-acceptable");
        Problems.expect(export(exporter.auth(), "visits", "text/html", null), 406, "not-acceptable");
    }

    @Test
    void badInputAndCallersAreRefused() {
        Problems.invalidField(export(exporter.auth(), "customers", NDJSON, "yesterday"), "updatedSince");
        Problems.invalidField(export(exporter.auth(), "visits", CSV, "2026-01-31"), "updatedSince");
        Problems.unauthenticated(export(null, "customers", NDJSON, null));
        Problems.forbidden(export(io.github.crmvault.support.Tokens.bearer(rep.login(), "guest"), "contacts", NDJSON, null));
        // A rep may not export (ExportRightsTest), and learns that before anything about the request.
        Problems.expect(export(rep.auth(), "customers", "application/json", "yesterday"), 403, "export-not-permitted");
    }

    private static void sql(DataSource dataSource, String sql, Object... params) {
        io.github.crmvault.support.Sql.update(dataSource, sql, params);
    }
}
