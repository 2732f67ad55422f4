package io.github.crmvault.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/** Walks a keyset-paginated list to its end, following nextCursor. */
public final class Pages {
    private static final int MAX_PAGES = 500;

    private Pages() {
    }

    /** Every item of the list at {@code path} visible to {@code auth}, in page order; no id twice. */
    public static List<Map<String, Object>> allItems(String auth, String path, Map<String, ?> query, int limit) {
        List<Map<String, Object>> items = new ArrayList<>();
        String cursor = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            Map<String, Object> params = new HashMap<>(query);
            params.put("limit", limit);
            if (cursor != null) {
                params.put("cursor", cursor);
            }
            JsonPath body = Api.as(auth).queryParams(params).get(path).then().statusCode(200).extract().jsonPath();
            List<Map<String, Object>> pageItems = body.getList("items");
            assertTrue(pageItems.size() <= limit, "a page holds at most limit items");
            items.addAll(pageItems);
            cursor = body.getString("nextCursor");
            if (cursor == null) {
                List<Object> ids = items.stream().map(i -> i.get("id")).toList();
                assertEquals(ids.size(), new HashSet<>(ids).size(), "no item appears on two pages: " + ids);
                return items;
            }
            assertEquals(limit, pageItems.size(), "a page with a nextCursor is full");
        }
        return fail("more than " + MAX_PAGES + " pages at " + path);
    }

    /** The values of one field of every item, in page order. */
    public static List<Object> all(String auth, String path, Map<String, ?> query, String field) {
        return allItems(auth, path, query, 200).stream().map(i -> i.get(field)).toList();
    }

    public static List<Object> allIds(String auth, String path, Map<String, ?> query) {
        return all(auth, path, query, "id");
    }

    public static List<Object> allIds(String auth, String path) {
        return all(auth, path, Map.of(), "id");
    }
}
