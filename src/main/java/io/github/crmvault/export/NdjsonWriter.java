package io.github.crmvault.export;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.OutputStream;

/**
 * One JSON object per line, each exactly as the API's JSON of that record (the application's
 * ObjectMapper, so the same field names, formats and omission of absent fields), written by one
 * generator straight into the response stream; no flush per record.
 */
final class NdjsonWriter<T> implements RowWriter<T> {
    private final ObjectWriter writer;
    private final JsonGenerator generator;

    NdjsonWriter(ObjectMapper mapper, Class<T> type, OutputStream out) throws IOException {
        this.writer = mapper.writerFor(type).without(SerializationFeature.FLUSH_AFTER_WRITE_VALUE);
        this.generator = mapper.getFactory().createGenerator(out, JsonEncoding.UTF8)
                .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
                .setRootValueSeparator(null);
    }

    @Override
    public void write(T row) throws IOException {
        writer.writeValue(generator, row);
        generator.writeRaw('\n');
    }

    @Override
    public void finish() throws IOException {
        generator.close();
    }
}
