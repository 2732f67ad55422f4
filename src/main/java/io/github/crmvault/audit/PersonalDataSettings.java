package io.github.crmvault.audit;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How far a user may read contacts' personal data of customers they do not own (README, "Personal data"). */
@ConfigMapping(prefix = "crm.personal-data")
public interface PersonalDataSettings {

    /**
     * The most distinct customers, not their own, whose contacts a rep or manager may read in full in
     * one company day; the next one is refused (429) until the next day. 0: no ceiling. Admins and
     * integration are counted but never bounded.
     */
    @WithDefault("200")
    int dailyCeiling();
}
