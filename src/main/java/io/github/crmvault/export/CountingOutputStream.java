package io.github.crmvault.export;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The response stream of an export, counting the bytes it takes and telling whether it failed: a
 * write or flush that throws here means the client went away, a failure anywhere else is the export's own.
 */
final class CountingOutputStream extends OutputStream {
    private final OutputStream out;
    private long bytes;
    private boolean failed;

    CountingOutputStream(OutputStream out) {
        this.out = out;
    }

    long bytes() {
        return bytes;
    }

    boolean failed() {
        return failed;
    }

    @Override
    public void write(int b) throws IOException {
        try {
            out.write(b);
        } catch (IOException | RuntimeException e) {
            failed = true;
            throw e;
        }
        bytes++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        try {
            out.write(b, off, len);
        } catch (IOException | RuntimeException e) {
            failed = true;
            throw e;
        }
        bytes += len;
    }

    @Override
    public void flush() throws IOException {
        try {
            out.flush();
        } catch (IOException | RuntimeException e) {
            failed = true;
            throw e;
        }
    }
}
