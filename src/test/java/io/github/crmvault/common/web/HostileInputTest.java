package io.github.crmvault.common.web;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.crmvault.support.Api;
import io.github.crmvault.support.Customers;
import io.github.crmvault.support.Org;
import io.github.crmvault.support.Problems;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hostile input (issue 10, 1.2 to 1.4): every case is a quick 4xx application/problem+json, never a
 * 500, an empty answer, or something stored other than what was sent. Cases that REST Assured cannot
 * send (chunked bodies, stalled bodies, raw bytes in the request line) go over a raw socket.
 */
@QuarkusTest
class HostileInputTest {
    private static final String NOTES = "客户规模两百人关心数据安全和价格采购总监犹豫预算下周带方案上门演示".repeat(5);

    // ---- numbers ----

    @ParameterizedTest
    @ValueSource(strings = {"1e-1000000", "1e-10000000", "1e+10000000", "0e-10000000", "-1.00000000000000000000000000000000000000001"})
    void hugeOrTinyNumbersAreRefusedAtOnce(String latitude) {
        Org.Person rep = Org.rep();
        String customer = Customers.create(rep.auth(), Org.unique("数字"));
        long started = System.nanoTime();
        Response response = Api.as(rep.auth()).body(visitJson("\"latitude\": " + latitude + ", \"longitude\": 120.15"))
                .post(visits(customer));
        Problems.invalidField(response, "latitude");
        assertTrue(System.nanoTime() - started < 2_000_000_000L, "answered in well under 2 s");
    }

    @Test
    void everyNumericFieldIsBounded() {
        Org.Person rep = Org.rep();
        String customer = Customers.create(rep.auth(), Org.unique("数字"));
        Problems.invalidField(Api.as(rep.auth()).body(visitJson("\"interestLevel\": 1e400")).post(visits(customer)),
                "interestLevel");
        // Beyond the parser's own bound on a number's length: refused before any field sees it.
        Problems.expect(Api.as(rep.auth()).body(visitJson("\"interestLevel\": " + "9".repeat(150)))
                .post(visits(customer)), 400, "malformed-body");
        // An ordinary check-in still works, rounded to six places as before.
        String id = Api.as(rep.auth()).body(visitJson("\"latitude\": 30.2740851, \"longitude\": 1.2015507e2"))
                .post(visits(customer)).then().statusCode(201).extract().path("id");
        String visit = Api.as(rep.auth()).get("/api/v1/visits/" + id).then().statusCode(200).extract().asString();
        assertTrue(visit.contains("\"latitude\":30.274085,") && visit.contains("\"longitude\":120.155070"), visit);
    }

    // ---- text: NUL, lone surrogates, bytes that are not UTF-8 ----

    @Test
    void nulInAnyTextFieldIsRefusedNamingIt() {
        Org.Person rep = Org.rep();
        Problems.invalidField(customerPost(rep, "\"name\": \"ab\\u0000c\", \"phones\": [\"" + Customers.phone() + "\"]"),
                "name");
        Problems.invalidField(customerPost(rep, "\"name\": \"" + Org.unique("名") + "\", \"phones\": [\""
                + Customers.phone() + "\"], \"tags\": [\"ok\", \"b\\u0000\"]"), "tags[1]");
        String customer = Customers.create(rep.auth(), Org.unique("文字"));
        Problems.invalidField(Api.as(rep.auth()).body(visitJson("\"outcome\": \"\\u0000\"")).post(visits(customer)),
                "outcome");
        assertEquals(List.of(customer), ownCustomers(rep));
    }

    @Test
    void loneSurrogatesAreRefusedAndPairsKept() {
        Org.Person rep = Org.rep();
        Problems.invalidField(customerPost(rep, "\"name\": \"\\ud800abc\", \"phones\": [\"" + Customers.phone() + "\"]"),
                "name");
        Problems.invalidField(customerPost(rep, "\"name\": \"abc\\udc00\", \"phones\": [\"" + Customers.phone() + "\"]"),
                "name");
        String name = Org.unique("笑脸\ud83d\ude00");
        String id = customerPost(rep, "\"name\": \"" + name + "\", \"phones\": [\"" + Customers.phone() + "\"]")
                .then().statusCode(201).extract().path("id");
        Api.as(rep.auth()).get("/api/v1/customers/" + id).then().statusCode(200).body("name", equalTo(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"C0AF", "E080AF", "EDA080", "F4908080", "FF", "E282"})
    void bodiesThatAreNotUtf8AreRefused(String hex) {
        Org.Person rep = Org.rep();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("{\"name\": \"" + Org.unique("字节") + "-").getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < hex.length(); i += 2) {
            body.write(Integer.parseInt(hex, i, i + 2, 16));
        }
        body.writeBytes(("\", \"status\": \"LEAD\", \"phones\": [\"" + Customers.phone() + "\"]}")
                .getBytes(StandardCharsets.UTF_8));
        Problems.expect(Api.as(rep.auth()).body(body.toByteArray()).post("/api/v1/customers"), 400, "malformed-body");
        assertEquals(List.of(), ownCustomers(rep));
    }

    @Test
    void nulOrBadBytesInQueryAndPathAreRefused() {
        Org.Person rep = Org.rep();
        Problems.invalidField(raw(rep).get("/api/v1/customers?q=ab%00c"), "q");
        Problems.invalidField(raw(rep).get("/api/v1/visits?q=%00"), "q");
        Problems.invalidField(raw(rep).get("/api/v1/pool?q=a%00"), "q");
        Problems.invalidField(raw(rep).get("/api/v1/customers/%00"), "id");
        Problems.expect(raw(rep).get("/api/v1/customers?q=%C0%AF"), 400, "malformed-uri");
        Problems.expect(raw(rep).get("/api/v1/customers?q=%ED%A0%80"), 400, "malformed-uri");
    }

    // ---- dates ----

    @Test
    void queryDatesOutsideTheYears1900To9999AreRefused() {
        Problems.invalidField(raw(Org.ADMIN).get("/api/v1/visits?from=%2B1000000-01-01"), "from");
        Problems.invalidField(raw(Org.ADMIN).get("/api/v1/visits?to=0000-01-01"), "to");
        Problems.invalidField(raw(Org.ADMIN).get("/api/v1/reviews/queue?day=-999999999-01-01"), "day");
        Problems.invalidField(raw(Org.ADMIN).get("/api/v1/customers?updatedSince=%2B1000000000-01-01T00:00:00Z"),
                "updatedSince");
        Problems.invalidField(raw(Org.ADMIN).get("/api/v1/customers?updatedSince=1899-12-31T23:59:59Z"), "updatedSince");
        Problems.invalidField(raw(Org.ADMIN).get("/api/v1/reports/company?from=0000-01-01&to=2026-01-01"), "from");
        raw(Org.ADMIN).get("/api/v1/visits?from=1900-01-01&to=9999-12-31").then().statusCode(200);
        raw(Org.ADMIN).get("/api/v1/customers?updatedSince=1900-01-02T00:00:00%2B08:00").then().statusCode(200);
    }

    @Test
    void bodyDatesAreStringsInTheYears1900To9999() {
        Org.Person rep = Org.rep();
        String customer = Customers.create(rep.auth(), Org.unique("日期"));
        for (String visitedAt : List.of("1700000000", "1700000000.5", "\"0000-01-01T00:00:00Z\"",
                "\"-999999999-01-01T00:00:00Z\"", "\"1899-12-31T23:59:59Z\"")) {
            Response response = Api.as(rep.auth()).body(visitJson("\"visitedAt\": " + visitedAt)).post(visits(customer));
            Problems.invalidField(response, "visitedAt");
        }
        for (String day : List.of("\"0000-01-01\"", "\"+10000-01-01\"", "[2026, 1, 31]", "20260131")) {
            Problems.invalidField(Api.as(rep.auth()).body(visitJson("\"nextStepDate\": " + day)).post(visits(customer)),
                    "nextStepDate");
        }
        Problems.invalidField(customerPost(rep, "\"name\": \"" + Org.unique("日期") + "\", \"phones\": [\""
                + Customers.phone() + "\"], \"expectedSignDate\": \"+1000000-01-01\""), "expectedSignDate");
        Api.as(rep.auth()).body(visitJson("\"nextStepDate\": \"9999-12-31\"")).post(visits(customer))
                .then().statusCode(201);
    }

    @Test
    void forgedCursorsWithUnstorableDatesAreRefused() {
        String cursor = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("d1:+1000000-01-01:" + java.util.UUID.randomUUID()).getBytes(StandardCharsets.UTF_8));
        Problems.invalidField(Api.as(Org.ADMIN).queryParam("sort", "grade").queryParam("cursor", cursor)
                .get("/api/v1/customers"), "cursor");
    }

    // ---- the HTTP layer ----

    @Test
    void brokenPercentEscapeIsAProblem() throws IOException {
        Org.Person rep = Org.rep();
        RawResponse response = exchange(("GET /api/v1/customers?cursor=%%%garbage HTTP/1.1\r\nHost: localhost\r\n"
                + "Authorization: " + rep.auth() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        response.assertProblem(400, "malformed-uri");
        RawResponse rawBytes = exchange(("GET /api/v1/customers?q=\u00c0\u00af HTTP/1.1\r\nHost: localhost\r\n"
                + "Authorization: " + rep.auth() + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        rawBytes.assertProblem(400, "malformed-uri");
    }

    @Test
    void tooLongUriIs414() throws IOException {
        Org.Person rep = Org.rep();
        RawResponse response = exchange(("GET /api/v1/me?pad=" + "x".repeat(9000) + " HTTP/1.1\r\nHost: localhost\r\n"
                + "Authorization: " + rep.auth() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        response.assertProblem(414, "uri-too-long");
    }

    @Test
    void tooLargeHeadersAre431() throws IOException {
        Org.Person rep = Org.rep();
        RawResponse response = exchange(("GET /api/v1/me HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + rep.auth()
                + "\r\nX-Pad: " + "y".repeat(20_000) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        response.assertProblem(431, "headers-too-large");
    }

    @Test
    void chunkedBodyOverTheLimitIs413WithoutAnError() throws IOException {
        Org.Person rep = Org.rep();
        List<LogRecord> errors = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.SEVERE.intValue()) {
                    synchronized (errors) {
                        errors.add(record);
                    }
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger.getLogger("").addHandler(capture);
        try (Socket socket = socket()) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/customers HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + rep.auth()
                    + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = chunk(new byte[16 * 1024]);
            for (int i = 0; i < 17; i++) { // 272 KiB: just over the 256 KiB limit
                out.write(chunk);
            }
            out.flush();
            read(socket.getInputStream()).assertProblem(413, "payload-too-large");
        } finally {
            Logger.getLogger("").removeHandler(capture);
        }
        assertEquals(List.of(), errors.stream().map(LogRecord::getMessage).toList(), "nothing logged as an error");
        assertEquals(List.of(), ownCustomers(rep));
    }

    @Test
    void chunkedBodyWithinTheLimitAndExpectContinueWork() throws IOException {
        Org.Person rep = Org.rep();
        byte[] json = ("{\"name\": \"" + Org.unique("分块") + "\", \"status\": \"LEAD\", \"phones\": [\""
                + Customers.phone() + "\"]}").getBytes(StandardCharsets.UTF_8);
        try (Socket socket = socket()) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/customers HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + rep.auth()
                    + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nExpect: 100-continue\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            assertEquals(100, read(in).status, "the server asks for the body");
            out.write(chunk(java.util.Arrays.copyOfRange(json, 0, 10)));
            out.write(chunk(java.util.Arrays.copyOfRange(json, 10, json.length)));
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertEquals(201, read(in).status);
        }
        assertEquals(1, ownCustomers(rep).size());
    }

    @Test
    void bodyWithoutTokenIsAnswered401BeforeItIsRead() throws IOException {
        try (Socket socket = socket()) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/customers HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(chunk(new byte[1024]));
            out.flush();
            RawResponse response = read(socket.getInputStream());
            response.assertProblem(401, "unauthenticated");
            assertTrue(response.header("www-authenticate").startsWith("Bearer"));
            // The connection is gone: the rest of a 100 MB body cannot be sent.
            long started = System.nanoTime();
            byte[] chunk = chunk(new byte[64 * 1024]);
            assertThrows(IOException.class, () -> {
                for (int i = 0; i < 1600; i++) {
                    out.write(chunk);
                }
            });
            assertTrue(System.nanoTime() - started < 5_000_000_000L, "refused quickly, not read to its end");
        }
    }

    @Test
    void stalledBodyIs408() throws IOException {
        Org.Person rep = Org.rep();
        try (Socket socket = socket()) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/customers HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + rep.auth()
                    + "\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"name\":").getBytes(
                    StandardCharsets.US_ASCII));
            out.flush();
            long started = System.nanoTime();
            read(socket.getInputStream()).assertProblem(408, "request-timeout");
            assertTrue(System.nanoTime() - started < 15_000_000_000L, "the test profile waits 3 s for a body");
        }
    }

    // ---- helpers ----

    private static String visits(String customer) {
        return "/api/v1/customers/" + customer + "/visits";
    }

    /** A valid visit body with extra members (a later duplicate of a key is refused, so none overlap). */
    private static String visitJson(String extra) {
        Map<String, String> members = new LinkedHashMap<>();
        members.put("visitedAt", "\"" + Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS) + "\"");
        members.put("channel", "\"ON_SITE\"");
        members.put("notes", "\"" + NOTES + "\"");
        StringBuilder json = new StringBuilder("{").append(extra);
        members.forEach((key, value) -> {
            if (!extra.contains("\"" + key + "\"")) {
                json.append(", \"").append(key).append("\": ").append(value);
            }
        });
        return json.append('}').toString();
    }

    private static Response customerPost(Org.Person rep, String members) {
        return Api.as(rep.auth()).body("{\"status\": \"LEAD\", " + members + "}").post("/api/v1/customers");
    }

    private static List<String> ownCustomers(Org.Person rep) {
        return Api.as(rep.auth()).queryParam("ownerId", "me").get("/api/v1/customers").then().statusCode(200)
                .extract().path("items.id");
    }

    /** A request whose URL is sent as written: REST Assured would encode "%" again. */
    private static io.restassured.specification.RequestSpecification raw(Org.Person rep) {
        return raw(rep.auth());
    }

    private static io.restassured.specification.RequestSpecification raw(String auth) {
        return Api.as(auth).urlEncodingEnabled(false);
    }

    private static byte[] chunk(byte[] data) {
        ByteArrayOutputStream chunk = new ByteArrayOutputStream();
        chunk.writeBytes((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        chunk.writeBytes(data);
        chunk.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        return chunk.toByteArray();
    }

    private static Socket socket() throws IOException {
        Socket socket = new Socket("localhost", RestAssured.port);
        socket.setSoTimeout(20_000);
        return socket;
    }

    private static RawResponse exchange(byte[] request) throws IOException {
        try (Socket socket = socket()) {
            socket.getOutputStream().write(request);
            socket.getOutputStream().flush();
            return read(socket.getInputStream());
        }
    }

    /** One HTTP/1.1 response: head, then a body by Content-Length, by chunks, or up to the close. */
    private static RawResponse read(InputStream in) throws IOException {
        String statusLine = line(in);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line = line(in); !line.isEmpty(); line = line(in)) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (status >= 200) {
            if (headers.containsKey("content-length")) {
                body.writeBytes(in.readNBytes(Integer.parseInt(headers.get("content-length"))));
            } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                for (int size = Integer.parseInt(line(in), 16); size > 0; size = Integer.parseInt(line(in), 16)) {
                    body.writeBytes(in.readNBytes(size));
                    line(in);
                }
            } else {
                body.writeBytes(in.readAllBytes());
            }
        }
        return new RawResponse(status, headers, body.toString(StandardCharsets.UTF_8));
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("connection closed in the middle of a response head");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    private record RawResponse(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.getOrDefault(name, "");
        }

        void assertProblem(int expectedStatus, String type) {
            assertEquals(expectedStatus, status, body);
            assertTrue(header("content-type").startsWith(Problems.PROBLEM_JSON), header("content-type"));
            JsonPath problem = JsonPath.from(body);
            assertEquals(Problems.PREFIX + type, problem.getString("type"));
            assertEquals(expectedStatus, problem.getInt("status"));
            assertTrue(!problem.getString("title").isEmpty() && !problem.getString("detail").isEmpty());
        }
    }
}
