package io.github.crmvault.export;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * RFC 4180 CSV of a record type: a header row, then one row per record, CRLF line ends, UTF-8
 * without BOM. The columns are the record's components in declaration order, named as in its JSON
 * (the same DTO the API returns, so a new field becomes a new column by itself). A field is quoted
 * when it holds a comma, quote, CR or LF; quotes inside are doubled. An absent value is an empty
 * field. A list is one field, its elements joined by {@code |}, with {@code \} and {@code |} inside
 * an element escaped by a preceding {@code \}. Values are written as they are stored: no
 * spreadsheet formula neutralisation (a phone number starts with "+"), see the README.
 */
final class CsvWriter<T extends Record> implements RowWriter<T> {
    static final char LIST_SEPARATOR = '|';
    private static final char ESCAPE = '\\';

    private final Method[] accessors;
    private final Writer out;

    CsvWriter(Class<T> type, OutputStream stream) throws IOException {
        RecordComponent[] components = type.getRecordComponents();
        this.accessors = Arrays.stream(components).map(RecordComponent::getAccessor).toArray(Method[]::new);
        this.out = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 16 * 1024);
        for (int i = 0; i < components.length; i++) {
            if (i > 0) {
                out.write(',');
            }
            field(components[i].getName());
        }
        out.write("\r\n");
    }

    /** The header row of a record type, for documentation and tests. */
    static String header(Class<? extends Record> type) {
        return String.join(",", Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName).toList());
    }

    @Override
    public void write(T row) throws IOException {
        for (int i = 0; i < accessors.length; i++) {
            if (i > 0) {
                out.write(',');
            }
            Object value;
            try {
                value = accessors[i].invoke(row);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("cannot read " + accessors[i].getName(), e);
            }
            field(text(value));
        }
        out.write("\r\n");
    }

    @Override
    public void finish() throws IOException {
        out.flush();
    }

    private static String text(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof List<?> list) {
            StringBuilder joined = new StringBuilder();
            for (Object element : list) {
                if (!joined.isEmpty()) {
                    joined.append(LIST_SEPARATOR);
                }
                String text = text(element);
                for (int i = 0; i < text.length(); i++) {
                    char c = text.charAt(i);
                    if (c == LIST_SEPARATOR || c == ESCAPE) {
                        joined.append(ESCAPE);
                    }
                    joined.append(c);
                }
            }
            return joined.toString();
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.toPlainString();
        }
        // Strings, UUIDs, enum names, ISO-8601 instants and dates, numbers and booleans: as in the JSON.
        return value.toString();
    }

    private void field(String text) throws IOException {
        boolean quote = false;
        for (int i = 0; i < text.length() && !quote; i++) {
            char c = text.charAt(i);
            quote = c == ',' || c == '"' || c == '\r' || c == '\n';
        }
        if (!quote) {
            out.write(text);
            return;
        }
        out.write('"');
        out.write(text.replace("\"", "\"\""));
        out.write('"');
    }
}
