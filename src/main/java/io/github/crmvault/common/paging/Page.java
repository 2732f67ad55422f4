package io.github.crmvault.common.paging;

import java.util.List;
import java.util.function.Function;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One page of a keyset-paginated list. Pass {@code nextCursor} back as {@code cursor} for the next
 * page; it is absent on the last page.
 */
public record Page<T>(
        @Schema(required = true) List<T> items,
        @Schema(description = "Opaque cursor of the next page; absent on the last page") String nextCursor) {

    /** Builds a page from up to {@code limit + 1} rows: the extra row only says that more exist. */
    public static <E, R> Page<R> of(List<E> rows, int limit, Function<E, R> mapper, Function<E, String> cursorOf) {
        boolean more = rows.size() > limit;
        List<E> shown = more ? rows.subList(0, limit) : rows;
        String next = more ? cursorOf.apply(shown.get(shown.size() - 1)) : null;
        return new Page<>(shown.stream().map(mapper).toList(), next);
    }
}
