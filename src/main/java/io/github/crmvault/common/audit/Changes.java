package io.github.crmvault.common.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/** Field-by-field differences between two snapshots of a record, for the audit trail. */
public final class Changes {
    private Changes() {
    }

    /** Every field whose value differs; a snapshot of null (creation) compares against nothing. */
    public static List<FieldChange> between(Map<String, Object> before, Map<String, Object> after) {
        Map<String, Object> old = before == null ? Map.of() : before;
        TreeSet<String> fields = new TreeSet<>(old.keySet());
        fields.addAll(after.keySet());
        List<FieldChange> changes = new ArrayList<>();
        for (String field : fields) {
            Object oldValue = old.get(field);
            Object newValue = after.get(field);
            if (!Objects.equals(oldValue, newValue)) {
                changes.add(new FieldChange(field, oldValue, newValue));
            }
        }
        return changes;
    }
}
