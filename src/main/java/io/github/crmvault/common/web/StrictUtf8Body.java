package io.github.crmvault.common.web;

import io.github.crmvault.common.problem.ProblemException;
import io.github.crmvault.common.problem.ProblemType;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A request body must be well-formed UTF-8 (RFC 8259 section 8.1). Jackson's own decoder is
 * lenient: it turns the overlong C0 AF into "/" and an encoded surrogate into a lone one, which
 * would be stored as something other than what was sent. Bodies are small (HttpGuard has read
 * them whole), so they are checked in one pass before parsing.
 */
@Provider
public class StrictUtf8Body implements ReaderInterceptor {
    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        byte[] body = context.getInputStream().readAllBytes();
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            decoder.decode(ByteBuffer.wrap(body));
        } catch (CharacterCodingException e) {
            throw new ProblemException(ProblemType.MALFORMED_BODY,
                    "The request body is not valid UTF-8 (overlong, truncated or surrogate byte sequences are refused)");
        }
        context.setInputStream(new ByteArrayInputStream(body));
        return context.proceed();
    }
}
