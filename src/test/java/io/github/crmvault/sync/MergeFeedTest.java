package io.github.crmvault.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.crmvault.support.Api;
import io.github.crmvault.support.Customers;
import io.github.crmvault.support.Org;
import io.github.crmvault.support.OwnerMoves;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a merge tells the sync clients of the duplicate's and the survivor's owners. */
@QuarkusTest
class MergeFeedTest {

    @Test
    void theDuplicatesRecordsLeaveItsOwnersViewAndReachTheSurvivorsOwnerUnderTheSurvivor() {
        Org.Person former = Org.rep();
        Org.Person keeper = Org.rep();
        String duplicate = Customers.create(former.auth(), Org.unique("Feed Dup"));
        String contact = OwnerMoves.contact(former.auth(), duplicate);
        String visit = OwnerMoves.visit(former.auth(), duplicate);
        String survivor = Customers.create(keeper.auth(), Org.unique("Feed Survivor"));
        FeedClient formerApp = new FeedClient(former.auth()).until(f -> f.hasContact(contact) && f.visits.containsKey(visit));
        FeedClient keeperApp = new FeedClient(keeper.auth()).until(f -> f.hasCustomer(survivor));

        Api.as(Org.ADMIN).body(Map.of("survivorId", survivor, "reason", "重复录入"))
                .post("/api/v1/customers/" + duplicate + "/merge").then().statusCode(200);

        formerApp.until(f -> f.hasRemoved("CUSTOMER", duplicate) && f.hasRemoved("CONTACT", contact)
                && f.hasRemoved("VISIT", visit));
        keeperApp.until(f -> f.hasContact(contact) && f.visits.containsKey(visit));
        assertEquals(survivor, keeperApp.contacts.get(contact).get("customerId"));
        assertEquals(survivor, keeperApp.visits.get(visit).get("customerId"));
    }
}
