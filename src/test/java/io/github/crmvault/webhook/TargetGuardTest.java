package io.github.crmvault.webhook;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which webhook targets are refused when private targets are not allowed (production). */
class TargetGuardTest {
    @ParameterizedTest
    @ValueSource(strings = {"https://127.0.0.1/hooks", "https://localhost/hooks", "https://10.1.2.3/hooks",
            "https://172.16.0.1/hooks", "https://192.168.1.1/hooks", "https://169.254.169.254/latest/meta-data",
            "https://[::1]/hooks", "https://[fd00::1]/hooks", "https://[fe80::1]/hooks", "https://[::ffff:10.0.0.1]/hooks",
            "https://100.64.0.1/hooks", "https://0.0.0.0/hooks", "https://no-such-host.invalid/hooks",
            "http://93.184.216.34/hooks", "ftp://93.184.216.34/hooks", "https://user:pw@93.184.216.34/hooks", "not a url"})
    void refused(String url) {
        assertNotNull(TargetGuard.refusal(url, false, false), url);
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://93.184.216.34/hooks", "https://[2606:2800:220:1:248:1893:25c8:1946]/hooks"})
    void publicAddressesAreAllowed(String url) {
        assertNull(TargetGuard.refusal(url, false, false), url);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:8080/hooks", "https://localhost/hooks"})
    void developmentMayAllowLoopbackAndHttp(String url) {
        assertNull(TargetGuard.refusal(url, true, true), url);
    }
}
