package io.github.crmvault.conflict;

import io.github.crmvault.conflict.ConflictDtos.ConflictKey;
import io.github.crmvault.conflict.ConflictDtos.ConflictKey.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/** What identifies a company: the fields of a customer (or of a check) that conflict keys come from. */
public record CompanyIdentity(String name, String creditCode, List<String> phones, List<String> emails, String website) {

    /** The exact keys, sorted and without duplicates, and the normalised name ("" when the name yields none). */
    record Keys(List<ConflictKey> exact, String coreName) {
        boolean isEmpty() {
            return exact.isEmpty() && coreName.isEmpty();
        }
    }

    Keys keys() {
        TreeSet<ConflictKey> keys = new TreeSet<>();
        add(keys, Kind.CREDIT_CODE, List.of(nullToEmpty(creditCode)), Normalizer::creditCode);
        add(keys, Kind.PHONE, phones, Normalizer::phone);
        add(keys, Kind.DOMAIN, emails, Normalizer::emailDomain);
        add(keys, Kind.DOMAIN, List.of(nullToEmpty(website)), Normalizer::websiteHost);
        String coreName = Normalizer.companyName(name);
        add(keys, Kind.NAME, List.of(coreName), UnaryOperator.identity());
        return new Keys(new ArrayList<>(keys), coreName);
    }

    private static void add(TreeSet<ConflictKey> keys, Kind kind, List<String> values, UnaryOperator<String> normalise) {
        if (values == null) {
            return;
        }
        for (String value : values) {
            String key = normalise.apply(value);
            if (!key.isEmpty()) {
                keys.add(new ConflictKey(kind, key));
            }
        }
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
