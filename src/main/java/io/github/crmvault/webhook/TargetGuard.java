package io.github.crmvault.webhook;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Which URLs a webhook may be sent to. Server-side request forgery: a subscription must not make the
 * server call into its own network (the database, cloud metadata at 169.254.169.254, admin consoles),
 * so every address the host resolves to must be public, checked when the subscription is saved and
 * again before each attempt (DNS may change). Redirects are never followed.
 */
final class TargetGuard {
    private TargetGuard() {
    }

    /** Why the URL cannot be a webhook target, or null when it can. */
    static String refusal(String url, boolean allowHttp, boolean allowPrivate) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return "is not a URL";
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(allowHttp && scheme.equals("http"))) {
            return allowHttp ? "must be an http or https URL" : "must be an https URL";
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            return "must name a host, without user information or fragment";
        }
        return allowPrivate ? null : privateAddressRefusal(uri.getHost());
    }

    /** Resolves the host; null when every address is public. */
    static String privateAddressRefusal(String host) {
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            return "the host does not resolve";
        }
        for (InetAddress address : addresses) {
            if (isInternal(address)) {
                return "resolves to " + address.getHostAddress()
                        + ", a loopback, private or link-local address; webhooks go to public addresses only";
            }
        }
        return null;
    }

    static boolean isInternal(InetAddress a) {
        if (a.isAnyLocalAddress() || a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress()
                || a.isMulticastAddress()) {
            return true;
        }
        byte[] b = a.getAddress();
        if (b.length == 4) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            // 0/8, carrier-grade NAT 100.64/10, benchmarking 198.18/15, reserved 240/4
            return first == 0 || (first == 100 && second >= 64 && second < 128)
                    || (first == 198 && (second == 18 || second == 19)) || first >= 240;
        }
        // IPv6 unique local fc00::/7, and IPv4-mapped addresses judged as IPv4
        if ((b[0] & 0xfe) == 0xfc) {
            return true;
        }
        boolean mapped = true;
        for (int i = 0; i < 10; i++) {
            mapped &= b[i] == 0;
        }
        if (mapped && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
            try {
                return isInternal(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
            } catch (UnknownHostException e) {
                return true;
            }
        }
        return false;
    }
}
