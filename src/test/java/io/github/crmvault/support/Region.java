package io.github.crmvault.support;

/**
 * A manager (role manager) of a top team, a rep in a team below it and a colleague in the top team:
 * the manager manages both reps. Regions built the same way share nothing.
 */
public record Region(Org.Person manager, Org.Person rep, Org.Person colleague) {
    public static Region create() {
        String managerLogin = Org.unique("mgr");
        String managerId = Org.user(managerLogin, null);
        Org.Person manager = new Org.Person(managerLogin, managerId, Tokens.bearer(managerLogin, "manager"));
        String top = Org.team(Org.unique("region"), null, managerId);
        String squad = Org.team(Org.unique("squad"), top, null);
        return new Region(manager, OrgAdmin.person(squad, "sales"), OrgAdmin.person(top, "sales"));
    }
}
