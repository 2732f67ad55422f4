-- Issue 14: visit creation. note_bigrams (V9), the expression of visit_note_bigrams_idx, was a SQL
-- function with a FROM clause, which PostgreSQL cannot inline: every statement that inserted a visit
-- parsed its body twice (once trying to inline it while preparing the index expression, once to run
-- it) and planned it once, 13% of the database's CPU in the visit-creation bench (perf, bench/README
-- thirteenth round). PL/pgSQL keeps the body's plan for the session instead. Same expressions, so the
-- same bigrams for every note (NoteBigramsTest compares it with V9's body): the index stays valid
-- without a rebuild, and the planner still sees one call of cost 1000, so search plans are as before.
CREATE OR REPLACE FUNCTION note_bigrams(note text) RETURNS text[]
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE COST 1000
    AS $$
DECLARE
    l text := translate(lower(note), E'\x01', ' ');
BEGIN
    RETURN array_remove(
         string_to_array(regexp_replace(left(l, char_length(l) / 2 * 2), '(..)', E'\\1\x01', 'g'), E'\x01')
      || string_to_array(regexp_replace(substr(l, 2, (char_length(l) - 1) / 2 * 2), '(..)', E'\\1\x01', 'g'), E'\x01'),
       '');
END
$$;
