package io.github.crmvault.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.github.crmvault.report.ReportRepository.Scope;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A scope's parts: every (user, group) pair in exactly one part, each group whole in one part. */
class ReportScopeTest {
    @Test
    void partsKeepEveryPairOnceAndEachGroupWhole() {
        List<UUID> users = new ArrayList<>();
        List<UUID> groups = new ArrayList<>();
        List<UUID> managers = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(),
                UUID.randomUUID());
        // A user counts towards several groups (a manager's and the manager above's), groups of any size.
        for (int i = 0; i < 40; i++) {
            UUID user = UUID.randomUUID();
            for (int m = 0; m <= i % managers.size(); m++) {
                users.add(user);
                groups.add(managers.get(m));
            }
        }
        Scope scope = new Scope(users, groups);
        for (int n = 2; n <= 7; n++) {
            List<Scope> parts = scope.parts(n);
            assertEquals(Math.min(n, managers.size()), parts.size());
            Map<String, Integer> seen = new HashMap<>();
            Map<UUID, Integer> partOfGroup = new HashMap<>();
            for (int p = 0; p < parts.size(); p++) {
                Scope part = parts.get(p);
                for (int i = 0; i < part.users().size(); i++) {
                    seen.merge(part.users().get(i) + "/" + part.groups().get(i), 1, Integer::sum);
                    assertEquals(p, partOfGroup.computeIfAbsent(part.groups().get(i), g -> parts.indexOf(part)));
                }
            }
            assertEquals(users.size(), seen.size());
            assertEquals(List.of(1), seen.values().stream().distinct().toList());
        }
    }

    @Test
    void everythingAndOneGroupAreOnePart() {
        assertSame(Scope.EVERYTHING, Scope.EVERYTHING.parts(2).get(0));
        UUID group = UUID.randomUUID();
        Scope one = new Scope(List.of(UUID.randomUUID(), UUID.randomUUID()), List.of(group, group));
        assertEquals(List.of(one), one.parts(2));
    }
}
