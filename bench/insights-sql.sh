# The SQL behind the measured reports, as pgbench scripts (sourced by bench/insights.sh, not run).
# pgbench_scripts writes bench/out/pgbench-<name>.sql for every name in pgbench_names and sets
# pgbench_defs (pgbench -D options per name). The statements are report/ReportRepository's as of main's
# a1e1a7b, the visits' one as of the per-group form (one month, the last MONTHS full months at random, company time zone
# Asia/Shanghai, grade windows of 30 and 90 days, note minimum 100): keep them in step by hand.
pgbench_names=(report-region leaderboard)
declare -A pgbench_defs=()

# The window of a random one of the last MONTHS full months.
pgbench_window() {
    cat <<EOF
\\set k random(1, $MONTHS)
SELECT m AS from_day, (m + interval '1 month' - interval '1 day')::date AS to_day,
       m::timestamp AT TIME ZONE 'Asia/Shanghai' AS w_start, (m + interval '1 month')::timestamp AT TIME ZONE 'Asia/Shanghai' AS w_end,
       ((now() AT TIME ZONE 'Asia/Shanghai')::date + 30) AS last_a, ((now() AT TIME ZONE 'Asia/Shanghai')::date + 90) AS last_b
FROM (SELECT date_trunc('month', (now() AT TIME ZONE 'Asia/Shanghai')::date - make_interval(months => :k))::date AS m) x \\gset
EOF
}

# The four statements of a period's tally over the scope :users / :groups.
pgbench_tally() {
    local from="unnest(CAST(:users AS uuid[]), CAST(:groups AS uuid[])) m(user_id, grp)"
    cat <<EOF
SELECT m.grp, x.* FROM (SELECT grp, array_agg(user_id) AS users FROM unnest(CAST(:users AS uuid[]), CAST(:groups AS uuid[])) u(user_id, grp) GROUP BY grp) m CROSS JOIN LATERAL (SELECT count(*), count(*) FILTER (WHERE v.effective), sum(v.note_length), sum(v.quality_score), count(*) FILTER (WHERE v.note_length < 100), count(DISTINCT v.customer_id) FROM $SCHEMA.visit v WHERE v.author_id = ANY(m.users) AND v.visited_at >= :w_start AND v.visited_at < :w_end) x;
SELECT grp, count(*) FILTER (WHERE kind = 'CREATE'), count(*) FILTER (WHERE kind = 'CLAIM'), count(*) FILTER (WHERE kind = 'RELEASE'), count(*) FILTER (WHERE kind = 'RECALL') FROM ( SELECT m.grp, e.kind FROM $from JOIN $SCHEMA.customer_owner_change e ON e.new_owner_key = m.user_id WHERE e.kind IN ('CREATE', 'CLAIM') AND e.at >= :w_start AND e.at < :w_end UNION ALL SELECT m.grp, e.kind FROM $from JOIN $SCHEMA.customer_owner_change e ON e.old_owner_key = m.user_id WHERE e.kind IN ('RELEASE', 'RECALL') AND e.at >= :w_start AND e.at < :w_end) x GROUP BY grp;
SELECT m.grp, d.currency, count(*), sum(d.amount) FROM $from JOIN $SCHEMA.deal d ON d.owner_id = m.user_id WHERE d.status = 'ACTIVE' AND d.signed_on BETWEEN :from_day AND :to_day GROUP BY m.grp, d.currency ORDER BY d.currency;
WITH signed AS ( SELECT m.grp, d.customer_id, min(d.signed_on) AS signed_on, bool_or(d.expected_sign_date BETWEEN d.signed_on AND d.signed_on + 30) AS a_in_window FROM $from JOIN $SCHEMA.deal d ON d.owner_id = m.user_id WHERE d.status = 'ACTIVE' AND d.signed_on BETWEEN :from_day AND :to_day GROUP BY m.grp, d.customer_id) SELECT s.grp, count(*), count(*) FILTER (WHERE s.a_in_window), count(*) FILTER (WHERE EXISTS (SELECT 1 FROM $SCHEMA.visit v WHERE v.customer_id = s.customer_id AND v.visited_at >= :w_start AND v.visited_at < :w_end AND (v.author_id, s.grp) IN (SELECT * FROM unnest(CAST(:users AS uuid[]), CAST(:groups AS uuid[]))))), sum(pv.n), count(*) FILTER (WHERE pv.n = 1) FROM signed s CROSS JOIN LATERAL (SELECT count(*) AS n FROM $SCHEMA.visit v WHERE v.customer_id = s.customer_id AND v.visited_at < CAST(s.signed_on + 1 AS timestamp) AT TIME ZONE 'Asia/Shanghai') pv GROUP BY s.grp;
EOF
}

pgbench_scripts() {
    local region_users region_groups visible all_users
    # The region's members (the report's scope, one group) and what rmgr1 sees (pool, self, managed).
    region_users=$(psql_v "WITH RECURSIVE s(id) AS (SELECT md5('region:1')::uuid UNION SELECT t.id FROM team t JOIN s ON t.parent_id = s.id)
                           SELECT '{' || string_agg(u.id::text, ',' ORDER BY u.display_name, u.id) || '}' FROM app_user u WHERE u.team_id IN (SELECT id FROM s)")
    region_groups=$(psql_v "SELECT '{' || string_agg('00000000-0000-0000-0000-000000000000', ',') || '}' FROM unnest(CAST('$region_users' AS uuid[]))")
    visible=$(psql_v "SELECT '{00000000-0000-0000-0000-000000000000,' || string_agg(x::text, ',') || '}' FROM unnest(CAST('$region_users' AS uuid[])) x")
    all_users=$(psql_v "SELECT '{' || string_agg(u.id::text, ',' ORDER BY u.display_name, u.id) || '}' FROM app_user u JOIN team t ON t.id = u.team_id")
    pgbench_defs[report-region]="-D users=$region_users -D groups=$region_groups -D visible=$visible"
    pgbench_defs[leaderboard]="-D users=$all_users -D groups=$all_users"
    local dm="EXISTS (SELECT 1 FROM $SCHEMA.contact k WHERE k.customer_id = c.id AND NOT k.archived AND (k.decision_maker OR k.decision_role = 'DECISION_MAKER'))"
    local from="unnest(CAST(:users AS uuid[]), CAST(:groups AS uuid[])) m(user_id, grp)"
    local grade="CASE WHEN c.expected_sign_date IS NULL OR c.expected_sign_date > :last_b THEN 'C' WHEN c.expected_sign_date > :last_a THEN 'B' ELSE 'A' END"
    {
        pgbench_window
        pgbench_tally
        cat <<EOF
SELECT g, dm, count(*) FROM (SELECT $grade AS g, $dm AS dm FROM $from JOIN $SCHEMA.customer c ON c.owner_key = m.user_id WHERE NOT c.archived AND c.owner_key = ANY(CAST(:visible AS uuid[]))) x GROUP BY g, dm;
SELECT c.id, c.name, $grade, c.expected_sign_date, c.owner_id, u.display_name FROM $from JOIN $SCHEMA.customer c ON c.owner_key = m.user_id LEFT JOIN $SCHEMA.app_user u ON u.id = c.owner_id WHERE NOT c.archived AND c.expected_sign_date <= :last_b AND NOT $dm AND c.owner_key = ANY(CAST(:visible AS uuid[])) ORDER BY c.expected_sign_date, c.id LIMIT 100;
EOF
    } >"$out/pgbench-report-region.sql"
    { pgbench_window; pgbench_tally; } >"$out/pgbench-leaderboard.sql"
}
