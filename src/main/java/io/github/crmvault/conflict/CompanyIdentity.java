package io.github.crmvault.conflict;

import io.github.crmvault.conflict.ConflictDtos.ConflictKey;
import io.github.crmvault.conflict.ConflictDtos.ConflictKey.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * What identifies a company: the fields of a customer (or of a check) that conflict keys come from, and
 * the mobiles of its live contacts: a person's mobile is the strongest sign of the same deal, so it is
 * a PHONE key of their customer like the company's own numbers.
 */
public record CompanyIdentity(String name, String creditCode, List<String> phones, List<String> emails, String website,
        List<String> contactMobiles) {

    public CompanyIdentity(String name, String creditCode, List<String> phones, List<String> emails, String website) {
        this(name, creditCode, phones, emails, website, List.of());
    }

    CompanyIdentity withContactMobiles(List<String> mobiles) {
        return new CompanyIdentity(name, creditCode, phones, emails, website, mobiles);
    }

    /**
     * The exact keys, sorted and without duplicates, the normalised name ("" when the name yields none)
     * and, for a branch, its parent's normalised name ("" otherwise).
     */
    record Keys(List<ConflictKey> exact, String coreName, String parentCore) {
        boolean isEmpty() {
            return exact.isEmpty() && coreName.isEmpty();
        }
    }

    Keys keys() {
        TreeSet<ConflictKey> keys = new TreeSet<>();
        add(keys, Kind.CREDIT_CODE, List.of(nullToEmpty(creditCode)), Normalizer::creditCode);
        add(keys, Kind.PHONE, phones, Normalizer::phone);
        add(keys, Kind.PHONE, contactMobiles, Normalizer::mobile);
        add(keys, Kind.DOMAIN, emails, Normalizer::emailDomain);
        add(keys, Kind.DOMAIN, List.of(nullToEmpty(website)), Normalizer::websiteHost);
        String coreName = Normalizer.companyName(name);
        add(keys, Kind.NAME, List.of(coreName), UnaryOperator.identity());
        Normalizer.Branch branch = Normalizer.branch(name);
        return new Keys(new ArrayList<>(keys), coreName, branch == null ? "" : branch.parentCoreName());
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
