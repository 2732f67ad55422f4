package io.github.crmvault.digest;

import io.github.crmvault.digest.DigestDtos.Digest;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * JSON, Markdown or plain text, whichever the client's Accept header prefers (JSON when it accepts
 * several equally or sends none), as the reports choose between JSON and CSV. A header that accepts none
 * of them is answered 406: the operations produce only these.
 */
final class DigestMedia {
    static final String MARKDOWN = "text/markdown";
    private static final String MARKDOWN_UTF8 = "text/markdown; charset=UTF-8";
    private static final String PLAIN_UTF8 = "text/plain; charset=UTF-8";

    private DigestMedia() {
    }

    static Response answer(HttpHeaders headers, Digest digest) {
        for (MediaType accepted : headers.getAcceptableMediaTypes()) {
            if (accepted.isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
                break;
            }
            if (accepted.isCompatible(MediaType.valueOf(MARKDOWN))) {
                return Response.ok(DigestText.markdown(digest), MARKDOWN_UTF8).build();
            }
            if (accepted.isCompatible(MediaType.TEXT_PLAIN_TYPE)) {
                return Response.ok(DigestText.plain(digest), PLAIN_UTF8).build();
            }
        }
        return Response.ok(digest, MediaType.APPLICATION_JSON_TYPE).build();
    }
}
