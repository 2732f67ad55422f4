package io.github.crmvault.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** crm.export.roles as a deployer writes it: roles as tokens carry them, and a misspelt one stops the start. */
class ExportSettingsTest {

    private static SmallRyeConfig config(Map<String, String> properties) {
        return new SmallRyeConfigBuilder().withMapping(ExportSettings.class)
                .withSources(new PropertiesConfigSource(properties, "test", 500)).build();
    }

    @Test
    void adminAndIntegrationByDefault() {
        assertEquals(Set.of(ExportSettings.Role.ADMIN, ExportSettings.Role.INTEGRATION),
                config(Map.of()).getConfigMapping(ExportSettings.class).roles());
    }

    @Test
    void rolesAreTheTokensNames() {
        ExportSettings settings = config(Map.of("crm.export.roles", "sales,manager")).getConfigMapping(ExportSettings.class);
        assertEquals(Set.of(ExportSettings.Role.SALES, ExportSettings.Role.MANAGER), settings.roles());
        assertEquals("manager", ExportSettings.Role.MANAGER.token());
    }

    @Test
    void anUnknownRoleIsRefused() {
        assertThrows(RuntimeException.class, () -> config(Map.of("crm.export.roles", "admins")));
    }
}
