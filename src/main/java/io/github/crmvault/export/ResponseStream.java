package io.github.crmvault.export;

import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The response stream of an export, counting the bytes it takes and telling whether the client went
 * away. Once the connection is closed the server's stream drops writes without an error, so each
 * write checks the response first: the export stops there instead of reading on for nobody. A write
 * that fails here means the client is gone; a failure anywhere else is the export's own.
 */
final class ResponseStream extends OutputStream {
    private final OutputStream out;
    private final HttpServerResponse response;
    private long bytes;
    private boolean clientGone;

    ResponseStream(OutputStream out, HttpServerResponse response) {
        this.out = out;
        this.response = response;
    }

    long bytes() {
        return bytes;
    }

    boolean clientGone() {
        return clientGone;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        checkOpen();
        try {
            out.write(b, off, len);
        } catch (IOException | RuntimeException e) {
            clientGone = true;
            throw e;
        }
        bytes += len;
    }

    @Override
    public void flush() throws IOException {
        checkOpen();
        try {
            out.flush();
        } catch (IOException | RuntimeException e) {
            clientGone = true;
            throw e;
        }
    }

    private void checkOpen() throws IOException {
        if (response.closed()) {
            clientGone = true;
            throw new IOException("The client closed the connection");
        }
    }
}
