package io.github.crmvault.common.security;

/** Roles carried in the token's {@code groups} claim. */
public final class Roles {
    public static final String SALES = "sales";
    public static final String MANAGER = "manager";
    public static final String ADMIN = "admin";
    /** Read-only access to everything, for integrators. */
    public static final String INTEGRATION = "integration";

    private Roles() {
    }
}
