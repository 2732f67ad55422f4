package io.github.crmvault.report;

import io.github.crmvault.report.ReportDtos.CurrencyAmount;
import io.github.crmvault.report.ReportDtos.Leaderboard;
import io.github.crmvault.report.ReportDtos.LeaderboardRow;
import io.github.crmvault.report.ReportDtos.Report;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The CSV forms (RFC 4180: comma separated, CRLF line ends, fields quoted when they hold a comma,
 * quote or line break). A report is {@code measure,value} rows; a leaderboard one row per rep or team.
 * Absent values are empty fields.
 */
final class ReportCsv {
    static final String MEDIA_TYPE = "text/csv; charset=UTF-8";

    private ReportCsv() {
    }

    static String report(Report report) {
        List<List<Object>> rows = new ArrayList<>();
        rows.add(List.of("measure", "value"));
        rows.add(row("scope.kind", report.scope().kind()));
        rows.add(row("scope.id", report.scope().id()));
        rows.add(row("scope.name", report.scope().name()));
        rows.add(row("from", report.from()));
        rows.add(row("to", report.to()));
        Measure.Figures figures = Measure.Figures.of(report);
        for (Measure measure : Measure.ofMeasures()) {
            rows.add(row(measure.column(), measure.of(figures)));
        }
        for (CurrencyAmount amount : report.measures().dealAmounts()) {
            rows.add(row("dealAmount." + amount.currency(), amount.amount().toPlainString()));
        }
        rows.add(row("grades.asOf", report.grades().asOf()));
        rows.add(row("grades.a", report.grades().a()));
        rows.add(row("grades.b", report.grades().b()));
        rows.add(row("grades.c", report.grades().c()));
        rows.add(row("keyPersons.liveCustomers", report.keyPersons().liveCustomers()));
        rows.add(row("keyPersons.withDecisionMaker", report.keyPersons().withDecisionMaker()));
        rows.add(row("keyPersons.coverage", report.keyPersons().coverage()));
        rows.add(row("keyPersons.missingTotal", report.keyPersons().missingTotal()));
        for (Measure measure : Measure.ofDiscipline()) {
            rows.add(row(measure.column(), measure.of(figures)));
        }
        return render(rows);
    }

    static String leaderboard(Leaderboard leaderboard) {
        List<List<Object>> rows = new ArrayList<>();
        List<Object> header = new ArrayList<>(List.of("rank", "id", "name", "members"));
        for (Measure measure : Measure.ofMeasures()) {
            header.add(measure.column());
        }
        header.add("dealAmounts");
        for (Measure measure : Measure.ofDiscipline()) {
            header.add(measure.column());
        }
        rows.add(header);
        for (LeaderboardRow row : leaderboard.rows()) {
            List<Object> fields = new ArrayList<>(List.of(row.rank(), row.id(), row.name(), row.members()));
            Measure.Figures figures = Measure.Figures.of(row);
            for (Measure measure : Measure.ofMeasures()) {
                fields.add(measure.of(figures));
            }
            fields.add(row.measures().dealAmounts().stream().map(a -> a.currency() + " " + a.amount().toPlainString())
                    .collect(Collectors.joining("; ")));
            for (Measure measure : Measure.ofDiscipline()) {
                fields.add(measure.of(figures));
            }
            rows.add(fields);
        }
        return render(rows);
    }

    private static List<Object> row(String measure, Object value) {
        List<Object> row = new ArrayList<>();
        row.add(measure);
        row.add(value);
        return row;
    }

    private static String render(List<List<Object>> rows) {
        StringBuilder csv = new StringBuilder();
        for (List<Object> row : rows) {
            csv.append(row.stream().map(ReportCsv::field).collect(Collectors.joining(","))).append("\r\n");
        }
        return csv.toString();
    }

    private static String field(Object value) {
        if (value == null) {
            return "";
        }
        String text = value instanceof java.math.BigDecimal decimal ? decimal.toPlainString() : value.toString();
        if (text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
            return '"' + text.replace("\"", "\"\"") + '"';
        }
        return text;
    }
}
