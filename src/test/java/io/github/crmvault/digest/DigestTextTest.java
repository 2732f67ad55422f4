package io.github.crmvault.digest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.crmvault.digest.DigestDtos.Digest;
import io.github.crmvault.digest.DigestDtos.Figures;
import io.github.crmvault.digest.DigestDtos.Kind;
import io.github.crmvault.digest.DigestDtos.Scope;
import io.github.crmvault.digest.DigestDtos.ScopeKind;
import io.github.crmvault.digest.DigestDtos.Section;
import io.github.crmvault.digest.DigestDtos.SectionKind;
import io.github.crmvault.report.ReportDtos.CurrencyAmount;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The text forms of a manager's weekly digest, whole, as a chat group would show them. */
class DigestTextTest {
    private static final Figures REP = new Figures(3, 2, new BigDecimal("81.67"), 1, 2, 4, 1, 1,
            List.of(new CurrencyAmount("CNY", new BigDecimal("128000"))), 1, 0, 1);
    private static final Figures NOTHING = new Figures(0, 0, null, 0, 0, 0, 0, 0, List.of(), 0, 0, 0);
    private static final UUID MANAGER = UUID.randomUUID();
    private static final Digest DIGEST = new Digest(Kind.WEEKLY, "2026-W10", LocalDate.parse("2026-03-02"),
            LocalDate.parse("2026-03-08"), "Asia/Shanghai", new Scope(ScopeKind.MANAGER, MANAGER, "李*经理"), true,
            Instant.parse("2026-03-08T16:10:00Z"), List.of(new Section(SectionKind.REP, UUID.randomUUID(), "王芳", REP),
                    new Section(SectionKind.REP, UUID.randomUUID(), "张_伟", NOTHING)),
            new Section(SectionKind.TOTAL, MANAGER, "李*经理", REP));

    @Test
    void markdownHasHeadingsAndAListPerSectionAndNamesCannotFormatIt() {
        assertEquals("""
                # 周报 Weekly digest 2026-W10 · 李\\*经理 团队 team

                - 日期 Dates: 2026-03-02 ~ 2026-03-08 (Asia/Shanghai)
                - 定稿 Final, built 2026-03-08T16:10:00Z

                ## 合计 Total

                - 拜访 Visits: 3, 有效拜访 effective: 2
                - 平均质量分 Mean quality score: 81.67
                - 记录不足字数 Notes under the minimum: 1
                - 点评 Reviews done: 2, 待点评 backlog: 4
                - 新增A类客户 New A customers: 1
                - 签单 Deals signed: 1 (CNY 128000.00)
                - 领取 Claims: 1, 回收 recalls: 0
                - 漏跟进 Follow-ups missed: 1

                ## 王芳

                - 拜访 Visits: 3, 有效拜访 effective: 2
                - 平均质量分 Mean quality score: 81.67
                - 记录不足字数 Notes under the minimum: 1
                - 点评 Reviews done: 2, 待点评 backlog: 4
                - 新增A类客户 New A customers: 1
                - 签单 Deals signed: 1 (CNY 128000.00)
                - 领取 Claims: 1, 回收 recalls: 0
                - 漏跟进 Follow-ups missed: 1

                ## 张\\_伟

                - 拜访 Visits: 0, 有效拜访 effective: 0
                - 平均质量分 Mean quality score: -
                - 记录不足字数 Notes under the minimum: 0
                - 点评 Reviews done: 0, 待点评 backlog: 0
                - 新增A类客户 New A customers: 0
                - 签单 Deals signed: 0
                - 领取 Claims: 0, 回收 recalls: 0
                - 漏跟进 Follow-ups missed: 0
                """, DigestText.markdown(DIGEST));
    }

    @Test
    void plainTextIsTheSameWithoutMarkup() {
        String text = DigestText.plain(DIGEST);
        assertEquals("周报 Weekly digest 2026-W10 · 李*经理 团队 team\n" + "=".repeat(32) + "\n"
                + "日期 Dates: 2026-03-02 ~ 2026-03-08 (Asia/Shanghai)\n定稿 Final, built 2026-03-08T16:10:00Z\n\n"
                + "【合计 Total】\n  拜访 Visits: 3, 有效拜访 effective: 2\n", text.substring(0, text.indexOf("  平均")));
        assertEquals(true, text.contains("【张_伟】\n  拜访 Visits: 0, 有效拜访 effective: 0\n"));
    }
}
