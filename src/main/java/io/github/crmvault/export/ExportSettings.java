package io.github.crmvault.export;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Locale;
import java.util.Set;

/** Who may export (README, "Export rights"): bulk export is a permission, not something every role has. */
@ConfigMapping(prefix = "crm.export")
public interface ExportSettings {

    /**
     * The roles whose tokens may use /api/v1/export/*; a caller with none of them gets 403. An enum,
     * so that a misspelt role stops the start instead of silently granting nobody.
     */
    @WithDefault("admin,integration")
    Set<Role> roles();

    /** The roles of the API's tokens (the {@code groups} claim). */
    enum Role {
        SALES, MANAGER, ADMIN, INTEGRATION;

        /** As the token carries it. */
        String token() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
