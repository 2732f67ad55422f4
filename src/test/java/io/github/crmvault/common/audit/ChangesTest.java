package io.github.crmvault.common.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChangesTest {

    private static Map<String, Object> map(Object... keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }

    @Test
    void creationListsEveryFieldWithAValueSortedByName() {
        Map<String, Object> after = map("status", "LEAD", "name", "杭州云栖", "city", null, "tags", List.of(),
                "archived", false);
        assertEquals(List.of(
                        new FieldChange("archived", null, false),
                        new FieldChange("name", null, "杭州云栖"),
                        new FieldChange("status", null, "LEAD"),
                        new FieldChange("tags", null, List.of())),
                Changes.between(null, after));
    }

    @Test
    void identicalSnapshotsHaveNoChanges() {
        Map<String, Object> before = map("name", "A", "phones", List.of("1", "2"), "city", null, "archived", false);
        Map<String, Object> after = map("name", "A", "phones", new ArrayList<>(List.of("1", "2")), "city", null,
                "archived", false);
        assertTrue(Changes.between(before, after).isEmpty());
        assertTrue(Changes.between(map(), map()).isEmpty());
    }

    @Test
    void onlyChangedFieldsAreListedWithOldAndNewValues() {
        Map<String, Object> before = map("name", "A", "status", "LEAD", "city", "杭州市", "notes", null,
                "phones", List.of("1"), "archived", false);
        Map<String, Object> after = map("name", "A", "status", "PROSPECT", "city", null, "notes", "met the CEO",
                "phones", List.of("1", "2"), "archived", true);
        assertEquals(List.of(
                        new FieldChange("archived", false, true),
                        new FieldChange("city", "杭州市", null),
                        new FieldChange("notes", null, "met the CEO"),
                        new FieldChange("phones", List.of("1"), List.of("1", "2")),
                        new FieldChange("status", "LEAD", "PROSPECT")),
                Changes.between(before, after));
    }

    @Test
    void listOrderIsAChange() {
        assertEquals(List.of(new FieldChange("tags", List.of("a", "b"), List.of("b", "a"))),
                Changes.between(map("tags", List.of("a", "b")), map("tags", List.of("b", "a"))));
    }

    @Test
    void fieldsPresentOnOneSideOnlyCompareAgainstNull() {
        Map<String, Object> before = map("gone", "x", "nullBefore", null);
        Map<String, Object> after = map("added", 3, "nullAfter", null);
        assertEquals(List.of(new FieldChange("added", null, 3), new FieldChange("gone", "x", null)),
                Changes.between(before, after));
    }

    @Test
    void resultIsSortedByFieldNameWhateverTheMapOrder() {
        Map<String, Object> after = new HashMap<>();
        for (String field : List.of("z", "b", "y", "a", "m")) {
            after.put(field, field.toUpperCase());
        }
        assertEquals(List.of("a", "b", "m", "y", "z"),
                Changes.between(map(), after).stream().map(FieldChange::field).toList());
    }

    @Test
    void numbersAndBooleansKeepTheirValues() {
        assertEquals(List.of(new FieldChange("decisionMaker", true, false), new FieldChange("n", 1, 2)),
                Changes.between(map("n", 1, "decisionMaker", true), map("n", 2, "decisionMaker", false)));
    }
}
