package io.github.crmvault.demo;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/**
 * The demo company of dev mode. Read in every build (the {@code crm} settings are checked strictly), used only
 * by beans that a prod build does not contain.
 */
@ConfigMapping(prefix = "crm.demo")
public interface DemoSettings {
    /** Write the demo company into an empty database at start, and print its tokens in dev mode. */
    @WithDefault("false")
    boolean enabled();

    /** The PKCS#8 PEM private key that dev and test tokens are signed with, a path from the working directory. */
    Optional<String> signingKey();
}
