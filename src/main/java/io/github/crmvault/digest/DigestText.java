package io.github.crmvault.digest;

import io.github.crmvault.digest.DigestDtos.Digest;
import io.github.crmvault.digest.DigestDtos.Figures;
import io.github.crmvault.digest.DigestDtos.Kind;
import io.github.crmvault.digest.DigestDtos.ScopeKind;
import io.github.crmvault.digest.DigestDtos.Section;
import io.github.crmvault.report.ReportDtos.CurrencyAmount;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * A digest as text a person pastes into a chat group (微信群 / 钉钉群): Markdown (headings and a bullet
 * list per section, no HTML, no tables, which chat clients render badly) or the same as plain text.
 * Labels are Chinese first with the English after, the figures as in the JSON.
 */
final class DigestText {
    private DigestText() {
    }

    static String markdown(Digest digest) {
        StringBuilder text = new StringBuilder("# ").append(title(digest, DigestText::escape)).append("\n\n");
        header(digest).forEach(line -> text.append("- ").append(line).append('\n'));
        for (Section section : shown(digest)) {
            text.append("\n## ").append(name(section, DigestText::escape)).append("\n\n");
            lines(section.figures()).forEach(line -> text.append("- ").append(line).append('\n'));
        }
        return text.toString();
    }

    static String plain(Digest digest) {
        String title = title(digest, UnaryOperator.identity());
        StringBuilder text = new StringBuilder(title).append('\n').append("=".repeat(32)).append("\n");
        header(digest).forEach(line -> text.append(line).append('\n'));
        for (Section section : shown(digest)) {
            text.append('\n').append("【").append(name(section, UnaryOperator.identity())).append("】\n");
            lines(section.figures()).forEach(line -> text.append("  ").append(line).append('\n'));
        }
        return text.toString();
    }

    private static String title(Digest d, UnaryOperator<String> names) {
        String what = d.kind() == Kind.DAILY ? "日报 Daily digest " : "周报 Weekly digest ";
        String whose = switch (d.scope().kind()) {
            case REP -> names.apply(d.scope().name());
            case MANAGER -> names.apply(d.scope().name()) + " 团队 team";
            case COMPANY -> "全公司 Company";
        };
        return what + d.period() + " · " + whose;
    }

    private static List<String> header(Digest d) {
        List<String> lines = new ArrayList<>();
        lines.add("日期 Dates: " + d.from() + (d.to().equals(d.from()) ? "" : " ~ " + d.to()) + " (" + d.timeZone() + ")");
        lines.add(d.isFinal() ? "定稿 Final, built " + d.builtAt() : "未定稿 Not final, counted " + d.builtAt());
        return lines;
    }

    /** A rep's digest has one section, the total; the others list the total first, then each section. */
    private static List<Section> shown(Digest d) {
        List<Section> shown = new ArrayList<>();
        shown.add(d.total());
        if (d.scope().kind() != ScopeKind.REP) {
            shown.addAll(d.sections());
        }
        return shown;
    }

    private static String name(Section s, UnaryOperator<String> names) {
        return switch (s.kind()) {
            case TOTAL -> "合计 Total";
            case REGION -> "区域 Region " + names.apply(s.name());
            case REP -> names.apply(s.name());
        };
    }

    private static List<String> lines(Figures f) {
        return List.of(
                "拜访 Visits: " + f.visits() + ", 有效拜访 effective: " + f.effectiveVisits(),
                "平均质量分 Mean quality score: " + (f.meanQualityScore() == null ? "-" : f.meanQualityScore().toPlainString()),
                "记录不足字数 Notes under the minimum: " + f.notesUnderMinimum(),
                "点评 Reviews done: " + f.reviewsDone() + ", 待点评 backlog: " + f.reviewBacklog(),
                "新增A类客户 New A customers: " + f.newACustomers(),
                "签单 Deals signed: " + f.dealsSigned() + amounts(f.dealAmounts()),
                "领取 Claims: " + f.claims() + ", 回收 recalls: " + f.recalls(),
                "漏跟进 Follow-ups missed: " + f.followUpsMissed());
    }

    private static String amounts(List<CurrencyAmount> amounts) {
        if (amounts.isEmpty()) {
            return "";
        }
        return " (" + amounts.stream().map(a -> a.currency() + " " + money(a.amount())).collect(Collectors.joining(", "))
                + ")";
    }

    private static String money(BigDecimal amount) {
        return amount.setScale(2, RoundingMode.HALF_EVEN).toPlainString();
    }

    /** Names are people's and teams' own: Markdown's own characters in them are shown, not obeyed. */
    static String escape(String text) {
        return text.replaceAll("([\\\\`*_\\[\\]<>#|~])", "\\\\$1");
    }
}
