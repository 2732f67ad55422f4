package io.github.crmvault.support;

import io.github.crmvault.customer.CreditCode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Customer request bodies and creation through the API. Phone numbers, credit codes and domains are
 * conflict keys that only one live customer may hold, so every body gets values no other test uses.
 */
public final class Customers {
    /** Counted up from a random start: unique within a test run, and unlike the last run's. */
    private static final AtomicLong NEXT = new AtomicLong(ThreadLocalRandom.current().nextLong(100_000_000L));

    private Customers() {
    }

    public static Map<String, Object> body(String name) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", name);
        body.put("status", "LEAD");
        body.put("phones", List.of(phone()));
        body.put("city", "杭州市");
        body.put("industry", "SaaS");
        return body;
    }

    public static String create(String auth, String name) {
        return Api.as(auth).body(body(name)).post("/api/v1/customers").then().statusCode(201).extract().path("id");
    }

    /**
     * A customer of the caller that has signed: SIGNED comes from deals only, so it is created and a
     * deal is recorded for it.
     */
    public static String signed(String auth, String name) {
        String id = create(auth, name);
        Api.as(auth).body(Map.of("amount", "1000.00", "currency", "CNY",
                        "signedOn", java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")).toString(),
                        "product", "CRM"))
                .post("/api/v1/customers/" + id + "/deals").then().statusCode(201);
        return id;
    }

    /**
     * A company name that contains {@code text} yet resembles no other customer's: a long random tail
     * keeps names that share {@code text} below the similar-name threshold of conflict checks.
     */
    public static String nameWith(String text) {
        return text + " " + UUID.randomUUID().toString().replace("-", "");
    }

    /** A mobile number no other customer of this run has, formatted the way people type it: "199 1234 5678". */
    public static String phone() {
        String digits = String.format("199%08d", NEXT.getAndIncrement() % 100_000_000L);
        return digits.substring(0, 3) + " " + digits.substring(3, 7) + " " + digits.substring(7);
    }

    /** A valid unified social credit code (upper case) no other customer of this run has. */
    public static String creditCode() {
        String first = String.format("91330106%09d", NEXT.getAndIncrement() % 1_000_000_000L);
        return first + CreditCode.Validator.checkCharacter(first);
    }

    /** A registrable company domain no other customer has: "c1a2b3c4d5e6.com.cn" (a subdomain of one shared domain would be that domain). */
    public static String domain() {
        return "c" + UUID.randomUUID().toString().replace("-", "").substring(0, 12) + ".com.cn";
    }
}
