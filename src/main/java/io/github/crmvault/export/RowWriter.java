package io.github.crmvault.export;

import java.io.IOException;

/** Writes one export's records to the response as they come, in one format. */
interface RowWriter<T> {
    void write(T row) throws IOException;

    /** Writes out what is buffered; the response stream stays open for the server to end. */
    void finish() throws IOException;
}
