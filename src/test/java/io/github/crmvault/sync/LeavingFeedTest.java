package io.github.crmvault.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.crmvault.support.Api;
import io.github.crmvault.support.Customers;
import io.github.crmvault.support.Org;
import io.github.crmvault.support.OrgAdmin;
import io.github.crmvault.support.OwnerMoves;
import io.github.crmvault.support.Problems;
import io.quarkus.test.junit.QuarkusTest;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A device synced before its user was marked as leaving holds contacts in full: the mark changes
 * the view as a whole, so the old cursor asks for a fresh sync, which brings the contacts masked.
 */
@QuarkusTest
class LeavingFeedTest {

    @Test
    void markingAUserAsLeavingMakesTheirDevicesResyncWithContactsMasked() {
        Org.Person rep = Org.rep();
        String customer = Customers.create(rep.auth(), Org.unique("离职同步客户"));
        String mobile = Customers.phone().replace(" ", "");
        String contact = Api.as(rep.auth()).body(Map.of("name", "王五", "phones", List.of(mobile)))
                .post(OwnerMoves.customer(customer) + "/contacts").then().statusCode(201).extract().path("id");
        FeedClient device = new FeedClient(rep.auth()).until(f -> f.hasContact(contact));
        assertEquals(List.of(mobile), device.contacts.get(contact).get("phones"));
        assertEquals(false, device.contacts.get(contact).get("masked"));

        OrgAdmin.setLeaving(rep.id(), LocalDate.now(ZoneId.of("Asia/Shanghai")).plusDays(7));
        Problems.expect(Api.as(rep.auth()).queryParam("cursor", device.cursor).get(FeedClient.PATH), 400,
                "feed-resync-required");
        FeedClient fresh = new FeedClient(rep.auth()).until(f -> f.hasContact(contact));
        assertEquals(true, fresh.contacts.get(contact).get("masked"));
        assertEquals(List.of(mobile.substring(0, 3) + "****" + mobile.substring(7)),
                fresh.contacts.get(contact).get("phones"));

        // Taking the mark back is a change of view too: the masked copy is replaced as a whole.
        OrgAdmin.setLeaving(rep.id(), null);
        Problems.expect(Api.as(rep.auth()).queryParam("cursor", fresh.cursor).get(FeedClient.PATH), 400,
                "feed-resync-required");
        FeedClient again = new FeedClient(rep.auth()).until(f -> f.hasContact(contact));
        assertEquals(List.of(mobile), again.contacts.get(contact).get("phones"));
    }
}
