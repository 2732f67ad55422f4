-- Full-text search over visit notes (GET /api/v1/visits?q=...). Notes are mostly Chinese without
-- spaces, and competitor names are often two characters (华为, 用友), which pg_trgm cannot index
-- (a LIKE pattern shorter than three characters yields no trigram). So the index holds the note's
-- lower-cased character bigrams: every term of two or more characters contains at least one, and a
-- note containing the term contains all of the term's bigrams. The index finds the candidates
-- (note_bigrams(notes) @> note_bigrams(term)); strpos on the lower-cased note confirms the term.
--
-- Built from set-returning C functions rather than a loop over substr() (quadratic on multibyte
-- text): the bigrams at even offsets, then at odd offsets; duplicates are left for GIN to fold.
-- Bigrams across whitespace are kept: terms never contain whitespace, so they are never asked for.
-- \x01 separates the pairs, so it is replaced in the note first. IMMUTABLE like pg_trgm's
-- functions: lower() follows the database's fixed ctype.
CREATE FUNCTION note_bigrams(note text) RETURNS text[]
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE COST 1000
    AS $$
SELECT array_remove(
         string_to_array(regexp_replace(left(l, char_length(l) / 2 * 2), '(..)', E'\\1\x01', 'g'), E'\x01')
      || string_to_array(regexp_replace(substr(l, 2, (char_length(l) - 1) / 2 * 2), '(..)', E'\\1\x01', 'g'), E'\x01'),
       '')
FROM translate(lower(note), E'\x01', ' ') AS l
$$;

CREATE INDEX visit_note_bigrams_idx ON visit USING gin (note_bigrams(notes));

-- A frequent term (every tenth note says 报价) is found faster by walking visits newest first and
-- testing each note than by collecting hundreds of thousands of index candidates and sorting them;
-- the search reads a bounded number of rows this way before it turns to the bigram index.
CREATE INDEX visit_visited_idx ON visit (visited_at DESC, id DESC);
