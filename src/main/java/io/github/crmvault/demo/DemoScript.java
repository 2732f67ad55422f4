package io.github.crmvault.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.crmvault.customer.CreditCode;
import io.github.crmvault.demo.DemoPeople.Person;
import io.github.crmvault.settings.CompanyCalendar;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

/**
 * Writes the demo company through the API, as its people: the admin sets up the region, teams and users and
 * fills the public pool; reps bring in and claim customers, meet contacts, write 90 days of visits of varied
 * quality, sign deals and release what went cold; managers review most records, leaving a backlog. A fixed
 * seed makes every run the same company (the README names its customers); days count back from today.
 */
final class DemoScript {
    static final long SEED = 20261204L;
    private static final String ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    /** A company: name, province, city, industry, size, and its rep's index in {@link DemoPeople#REPS} (-1: the pool). */
    record Company(String name, String province, String city, String industry, String size, int rep) {
    }

    static final List<Company> COMPANIES = List.of(
            new Company("上海云帆信息科技有限公司", "上海市", "上海市", "软件", "MEDIUM", 0),
            new Company("上海明德医疗器械有限公司", "上海市", "上海市", "医疗器械", "LARGE", 0),
            new Company("苏州恒信精密机械有限公司", "江苏省", "苏州市", "机械制造", "LARGE", 0),
            new Company("上海佳禾食品有限公司", "上海市", "上海市", "食品", "MEDIUM", 0),
            new Company("南京博远教育科技有限公司", "江苏省", "南京市", "教育", "SMALL", 0),
            new Company("上海立信物流有限公司", "上海市", "上海市", "物流", "LARGE", 0),
            new Company("无锡华盛新材料股份有限公司", "江苏省", "无锡市", "新材料", "ENTERPRISE", 1),
            new Company("上海悦享文化传媒有限公司", "上海市", "上海市", "传媒", "SMALL", 1),
            new Company("上海金桥智能装备有限公司", "上海市", "上海市", "智能装备", "MEDIUM", 1),
            new Company("昆山瑞丰电子有限公司", "江苏省", "苏州市", "电子", "LARGE", 1),
            new Company("上海绿源环保科技有限公司", "上海市", "上海市", "环保", "SMALL", 1),
            new Company("上海汇通供应链管理有限公司", "上海市", "上海市", "供应链", "MEDIUM", 1),
            new Company("常州天宇汽车零部件有限公司", "江苏省", "常州市", "汽车零部件", "LARGE", 2),
            new Company("上海安盛建筑工程有限公司", "上海市", "上海市", "建筑", "LARGE", 2),
            new Company("南通鸿达纺织有限公司", "江苏省", "南通市", "纺织", "MEDIUM", 2),
            new Company("上海星辰生物医药有限公司", "上海市", "上海市", "生物医药", "MEDIUM", 2),
            new Company("上海优品电子商务有限公司", "上海市", "上海市", "电子商务", "SMALL", 2),
            new Company("上海东方酒店管理有限公司", "上海市", "上海市", "酒店", "LARGE", 2),
            new Company("杭州数智云计算有限公司", "浙江省", "杭州市", "云计算", "MEDIUM", 3),
            new Company("杭州江南丝绸有限公司", "浙江省", "杭州市", "丝绸", "SMALL", 3),
            new Company("宁波港联国际货运代理有限公司", "浙江省", "宁波市", "货运代理", "MEDIUM", 3),
            new Company("杭州禾润农业科技有限公司", "浙江省", "杭州市", "农业", "SMALL", 3),
            new Company("温州丰履鞋业有限公司", "浙江省", "温州市", "鞋业", "MEDIUM", 3),
            new Company("杭州青橙教育科技有限公司", "浙江省", "杭州市", "教育", "SMALL", 3),
            new Company("绍兴越城印染有限公司", "浙江省", "绍兴市", "印染", "MEDIUM", 4),
            new Company("杭州仁心医疗信息技术有限公司", "浙江省", "杭州市", "医疗信息化", "MEDIUM", 4),
            new Company("嘉兴新港化工有限公司", "浙江省", "嘉兴市", "化工", "LARGE", 4),
            new Company("杭州西溪文旅发展有限公司", "浙江省", "杭州市", "文旅", "MEDIUM", 4),
            new Company("义乌万商小商品贸易有限公司", "浙江省", "金华市", "商贸", "SMALL", 4),
            new Company("杭州森远家居有限公司", "浙江省", "杭州市", "家居", "MEDIUM", 4),
            new Company("湖州太湖茶业有限公司", "浙江省", "湖州市", "茶叶", "SMALL", 5),
            new Company("杭州启明星软件有限公司", "浙江省", "杭州市", "软件", "SMALL", 5),
            new Company("台州海岳模具有限公司", "浙江省", "台州市", "模具", "MEDIUM", 5),
            new Company("宁波东海水产食品有限公司", "浙江省", "宁波市", "水产食品", "MEDIUM", 5),
            new Company("杭州锦程人力资源有限公司", "浙江省", "杭州市", "人力资源", "SMALL", 5),
            new Company("金华宏远五金工具有限公司", "浙江省", "金华市", "五金工具", "LARGE", 5),
            new Company("合肥新辰光伏科技有限公司", "安徽省", "合肥市", "光伏", "LARGE", -1),
            new Company("上海一点通网络科技有限公司", "上海市", "上海市", "互联网", "SMALL", -1),
            new Company("扬州运河文化旅游有限公司", "江苏省", "扬州市", "文旅", "SMALL", -1),
            new Company("杭州好邻居连锁超市有限公司", "浙江省", "杭州市", "零售", "MEDIUM", -1),
            new Company("福州闽江电气设备有限公司", "福建省", "福州市", "电气设备", "MEDIUM", -1),
            new Company("上海博雅会展服务有限公司", "上海市", "上海市", "会展", "SMALL", -1),
            new Company("宁波甬城包装材料有限公司", "浙江省", "宁波市", "包装材料", "MEDIUM", -1),
            new Company("芜湖长江船舶配件有限公司", "安徽省", "芜湖市", "船舶配件", "MEDIUM", -1));

    /** Pool companies a rep claims (company index, rep index). */
    static final Map<Integer, Integer> CLAIMS = Map.of(36, 0, 39, 3);
    /** Customers their rep sends back to the pool, with the reason. */
    static final Map<Integer, String> RELEASES = Map.of(
            11, "客户已选择竞争对手，暂无需求",
            28, "预算冻结到明年，先退回公海让其他同事跟进");
    /** Customers that sign (company index, product, amount in CNY as the decimal string the API takes). */
    static final List<Object[]> DEALS = List.of(
            new Object[] {1, "医疗渠道管理系统 100 用户", "268000.00"},
            new Object[] {6, "集团 CRM 企业版 500 用户", "486000.00"},
            new Object[] {13, "项目管理 SaaS 三年订阅", "159000.00"},
            new Object[] {18, "云资源托管 年度服务", "96000.00"},
            new Object[] {26, "安全生产巡检系统", "212000.00"},
            new Object[] {29, "门店管理系统 标准版", "38000.00"});
    /** A deal recorded and then cancelled: the customer stays unsigned. */
    static final int CANCELLED_DEAL = 29;
    /** Customers whose rep stopped visiting: its protection lapses and the recall job returns it to the pool. */
    static final List<Integer> NEGLECTED = List.of(4, 16, 33);
    static final int LOST = 7;

    /** Per city: its administrative division code (in credit codes) and its telephone area code. */
    private static final Map<String, String[]> CITY_CODES = Map.ofEntries(
            Map.entry("上海市", new String[] {"310115", "021"}), Map.entry("苏州市", new String[] {"320506", "0512"}),
            Map.entry("南京市", new String[] {"320106", "025"}), Map.entry("无锡市", new String[] {"320214", "0510"}),
            Map.entry("常州市", new String[] {"320411", "0519"}), Map.entry("南通市", new String[] {"320602", "0513"}),
            Map.entry("杭州市", new String[] {"330106", "0571"}), Map.entry("宁波市", new String[] {"330212", "0574"}),
            Map.entry("温州市", new String[] {"330302", "0577"}), Map.entry("绍兴市", new String[] {"330602", "0575"}),
            Map.entry("嘉兴市", new String[] {"330402", "0573"}), Map.entry("金华市", new String[] {"330782", "0579"}),
            Map.entry("湖州市", new String[] {"330502", "0572"}), Map.entry("台州市", new String[] {"331002", "0576"}),
            Map.entry("合肥市", new String[] {"340104", "0551"}), Map.entry("扬州市", new String[] {"321002", "0514"}),
            Map.entry("福州市", new String[] {"350102", "0591"}), Map.entry("芜湖市", new String[] {"340202", "0553"}));

    private static final String[] SURNAMES = {"王", "李", "张", "刘", "陈", "杨", "黄", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "罗", "高", "郑"};
    private static final String[] GIVEN = {"志强", "秀英", "建华", "丽娟", "海峰", "晓东", "雪梅", "国庆", "春燕", "文博", "俊杰", "美玲", "宏伟", "静怡", "子涵", "振宇"};
    /** Title, decision role, whether they decide. */
    private static final String[][] ROLES = {
            {"总经理", "DECISION_MAKER"}, {"采购经理", "INFLUENCER"}, {"信息部主管", "USER"},
            {"财务总监", "INFLUENCER"}, {"行政前台", "GATEKEEPER"}, {"销售副总", "DECISION_MAKER"}};

    private static final String[] NOTE_PARTS = {
            "客户公司约%d人，去年营收增长明显，今年计划扩招销售团队，现有的Excel台账已经跟不上。",
            "对方重点问了数据安全和权限控制，担心离职员工带走客户资料，这正是我们的强项。",
            "采购经理提到预算在走审批流程，预计下个月初能批下来，金额大致在二十万以内。",
            "客户目前在用一家竞品的试用版，觉得报表不够灵活，对我们的拜访质量评分功能很感兴趣。",
            "老板本人没在，只见到了行政，留了资料和名片，约了下次再来。",
            "现场演示了审批流和客户查重，IT主管问了能否和他们的ERP对接，我答应整理接口文档发过去。",
            "客户犹豫的主要原因是价格，觉得按用户数收费偏贵，希望能给一个三年的阶梯报价。",
            "决策人是总经理，他很关注销售过程管理，说每天都想看到业务员的拜访记录。",
            "对方财务总监对付款方式有要求，希望分两期付款，首付不超过百分之四十。",
            "和客户一起梳理了现有流程：线索来源主要是展会和转介绍，跟进全靠微信，经常撞单。",
            "客户说今年第三季度要上新的生产线，信息化预算会优先给MES，CRM可能要排到明年。",
            "总经理明确表示认可方案，但要先在一个事业部试点一个月，看效果再全面推广。",
            "电话沟通了合同条款，法务对数据存储位置有疑问，需要我们出具说明。",
            "客户对上次提交的报价基本认可，希望我们再送两天的上门培训，我回去向经理申请。",
            "这次见到了真正拍板的副总，他之前被前任销售冷落过，对我们公司印象一般，需要慢慢建立信任。",
            "拜访时客户正在开会，只聊了十分钟，约了周四视频会议继续讨论。",
            "客户的销售团队分布在三个城市，他们最关心手机端离线写拜访记录，网络差的时候也能用。",
            "竞品报价比我们低百分之十五，但客户认为我们的客户保护期和公海规则更贴合他们的管理方式。",
            "对方提出要看同行业的成功案例，我答应下周带一个制造业客户的案例材料过来。",
            "这家公司人员流动大，去年销售离职率超过一半，老板说客户资料丢失让他很头疼。"};
    private static final String[] NEXT_STEPS = {
            "带方案上门演示", "发送三年阶梯报价", "安排试点事业部的上线培训", "提交接口文档给IT主管",
            "约总经理做方案汇报", "送合同草稿给法务审阅", "带成功案例再次拜访", "视频会议讨论付款方式"};
    private static final String[] OUTCOMES = {"客户同意进入试点评估", "拿到了预算范围", "确认了决策链", "客户暂无明确意向", "需要再跟进"};
    private static final String[] COACHING = {
            "没有写见到的是谁，也没有下一步，下次请写清楚拜访对象和跟进时间。",
            "下一步写得太笼统，请写清楚具体日期和要带的材料。",
            "客户犹豫的原因没写，经理看不出卡在哪里。",
            "只见到了前台，要想办法约到拍板的人。"};
    private static final String[] CHANNELS = {"ON_SITE", "ON_SITE", "ON_SITE", "PHONE", "VIDEO", "MESSAGING"};

    private final DemoApi api;
    private final CompanyCalendar calendar;
    private final Random random = new Random(SEED);
    private final Map<String, String> userIds = new HashMap<>();
    private final List<String> customerIds = new ArrayList<>();
    private final Map<Integer, List<JsonNode>> contacts = new HashMap<>();
    /** The visits written, for the managers' reviews: id, author, visit day, effective. */
    private final List<Object[]> written = new ArrayList<>();
    private int phoneSerial;

    DemoScript(DemoApi api, CompanyCalendar calendar) {
        this.api = api;
        this.calendar = calendar;
    }

    void run() {
        organisation();
        customers();
        for (int c = 0; c < COMPANIES.size(); c++) {
            Person rep = repOf(c);
            if (rep != null) {
                visits(c, rep);
            }
        }
        reviews();
        deals();
        for (Map.Entry<Integer, String> release : RELEASES.entrySet()) {
            Person rep = DemoPeople.REPS.get(COMPANIES.get(release.getKey()).rep());
            api.post(rep, "/api/v1/customers/" + customerIds.get(release.getKey()) + "/release", Map.of("reason", release.getValue()));
        }
    }

    private void organisation() {
        Person admin = DemoPeople.ADMIN;
        JsonNode region = api.post(admin, "/api/v1/teams", Map.of("name", DemoPeople.REGION));
        String regionId = region.get("id").asText();
        user(DemoPeople.REGIONAL_MANAGER, regionId);
        api.put(admin, "/api/v1/teams/" + regionId, team(DemoPeople.REGION, null, userIds.get(DemoPeople.REGIONAL_MANAGER.login())),
                region.get("version").asLong());
        for (int t = 0; t < DemoPeople.TEAMS.size(); t++) {
            String name = DemoPeople.TEAMS.get(t);
            JsonNode team = api.post(admin, "/api/v1/teams", team(name, regionId, null));
            String teamId = team.get("id").asText();
            Person manager = DemoPeople.TEAM_MANAGERS.get(t);
            user(manager, teamId);
            api.put(admin, "/api/v1/teams/" + teamId, team(name, regionId, userIds.get(manager.login())), team.get("version").asLong());
            for (Person rep : DemoPeople.REPS) {
                if (rep.team() == t) {
                    user(rep, teamId);
                }
            }
        }
        user(admin, null);
    }

    private static Map<String, Object> team(String name, String parentId, String managerId) {
        Map<String, Object> team = new LinkedHashMap<>();
        team.put("name", name);
        team.put("parentId", parentId);
        team.put("managerId", managerId);
        return team;
    }

    private void user(Person person, String teamId) {
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("login", person.login());
        user.put("displayName", person.name());
        user.put("teamId", teamId);
        userIds.put(person.login(), api.post(DemoPeople.ADMIN, "/api/v1/users", user).get("id").asText());
    }

    private void customers() {
        LocalDate today = calendar.today();
        for (int c = 0; c < COMPANIES.size(); c++) {
            Company company = COMPANIES.get(c);
            Map<String, Object> customer = new LinkedHashMap<>();
            customer.put("name", company.name());
            if (c % 7 != 3) {
                customer.put("creditCode", creditCode(company.city()));
            }
            customer.put("phones", List.of(CITY_CODES.get(company.city())[1] + "-" + (58000000 + 1371 * c)));
            customer.put("industry", company.industry());
            customer.put("companySize", company.size());
            customer.put("province", company.province());
            customer.put("city", company.city());
            customer.put("source", List.of("展会", "转介绍", "官网咨询", "电话开发", "老客户推荐").get(c % 5));
            customer.put("status", c == LOST ? "LOST" : c % 3 == 0 ? "LEAD" : "PROSPECT");
            // A, B and C customers: due within 30 days, within 90, later or not known.
            int grade = c % 3;
            if (grade == 0) {
                customer.put("expectedSignDate", today.plusDays(3 + random.nextInt(25)));
            } else if (grade == 1) {
                customer.put("expectedSignDate", today.plusDays(35 + random.nextInt(50)));
            } else if (c % 2 == 0) {
                customer.put("expectedSignDate", today.plusDays(120 + random.nextInt(120)));
            }
            customer.put("tags", List.of(company.industry(), company.city().replace("市", "")));
            Person creator = company.rep() < 0 ? DemoPeople.ADMIN : DemoPeople.REPS.get(company.rep());
            JsonNode created = api.post(creator, "/api/v1/customers?acknowledgeSimilar=true", customer);
            String id = created.get("id").asText();
            customerIds.add(id);
            contacts(c, id, creator);
            if (CLAIMS.containsKey(c)) {
                api.post(DemoPeople.REPS.get(CLAIMS.get(c)), "/api/v1/customers/" + id + "/claim", Map.of());
            }
        }
    }

    private void contacts(int c, String customerId, Person by) {
        List<JsonNode> met = new ArrayList<>();
        int count = 1 + random.nextInt(3);
        for (int i = 0; i < count; i++) {
            // The first contact is the one who decides, except at a few companies where the rep has not found them yet.
            String[] role = i == 0 && c % 5 != 2 ? ROLES[random.nextBoolean() ? 0 : 5] : ROLES[1 + random.nextInt(4)];
            Map<String, Object> contact = new LinkedHashMap<>();
            contact.put("name", SURNAMES[random.nextInt(SURNAMES.length)] + GIVEN[random.nextInt(GIVEN.length)]);
            contact.put("title", role[0]);
            contact.put("phones", List.of("+86 139" + String.format("%08d", 10000000 + 7919 * ++phoneSerial)));
            contact.put("decisionRole", role[1]);
            met.add(api.post(by, "/api/v1/customers/" + customerId + "/contacts", contact));
        }
        contacts.put(c, met);
    }

    private Person repOf(int c) {
        int rep = CLAIMS.getOrDefault(c, COMPANIES.get(c).rep());
        return rep < 0 ? null : DemoPeople.REPS.get(rep);
    }

    /**
     * Visits over the last 90 days, the newest effective: claimed pool customers only lately; one customer of
     * each rep last seen over three weeks ago (its protection lapses within days); the neglected ones not for
     * over 35 days and never effectively since (protection lapsed: the recall job returns them to the pool).
     */
    private void visits(int c, Person rep) {
        boolean claimed = CLAIMS.containsKey(c);
        boolean neglected = NEGLECTED.contains(c);
        int oldest = claimed ? 14 : 30 + random.nextInt(60);
        int newest = neglected ? 36 + random.nextInt(10) : c % 6 == 5 ? 24 + random.nextInt(4) : random.nextInt(8);
        oldest = Math.max(oldest, newest + 5);
        TreeSet<Integer> days = new TreeSet<>();
        days.add(newest);
        days.add(oldest);
        int count = 2 + random.nextInt(5);
        while (days.size() < count) {
            days.add(newest + random.nextInt(oldest - newest + 1));
        }
        for (int daysAgo : days.descendingSet()) {
            boolean effective = daysAgo == newest && !neglected || random.nextInt(10) < 5;
            visit(c, rep, daysAgo, effective);
        }
    }

    private void visit(int c, Person rep, int daysAgo, boolean effective) {
        LocalDate day = calendar.today().minusDays(daysAgo);
        Instant visitedAt = calendar.startOf(day).plus(Duration.ofMinutes(9 * 60 + random.nextInt(9 * 60)));
        Instant latest = Instant.now().minus(Duration.ofMinutes(5 + random.nextInt(120)));
        if (visitedAt.isAfter(latest)) {
            visitedAt = latest;
        }
        List<JsonNode> people = contacts.get(c);
        // Not effective: nobody named was met, or no dated next step.
        boolean metSomeone = effective || random.nextBoolean();
        Map<String, Object> visit = new LinkedHashMap<>();
        visit.put("visitedAt", visitedAt.toString());
        String channel = CHANNELS[random.nextInt(CHANNELS.length)];
        visit.put("channel", channel);
        if (metSomeone) {
            visit.put("contactIds", List.of(people.get(random.nextInt(people.size())).get("id").asText()));
        }
        if ("ON_SITE".equals(channel)) {
            visit.put("locationAddress", COMPANIES.get(c).city() + "客户办公室");
        }
        visit.put("notes", notes(c));
        visit.put("interestLevel", 1 + random.nextInt(5));
        if (random.nextBoolean()) {
            visit.put("outcome", OUTCOMES[random.nextInt(OUTCOMES.length)]);
        }
        if (effective || !metSomeone && random.nextBoolean()) {
            visit.put("nextStep", NEXT_STEPS[random.nextInt(NEXT_STEPS.length)]);
            visit.put("nextStepDate", day.plusDays(2 + random.nextInt(10)).toString());
        } else if (random.nextBoolean()) {
            visit.put("nextStep", "再联系");
        }
        JsonNode created = api.post(rep, "/api/v1/customers/" + customerIds.get(c) + "/visits", visit);
        written.add(new Object[] {created.get("id").asText(), rep, daysAgo, created.get("effective").asBoolean()});
    }

    /** Notes of varied length, from just over the minimum to a full page; each says something a search can find. */
    private String notes(int c) {
        int target = List.of(110, 140, 200, 320, 520).get(random.nextInt(5));
        StringBuilder notes = new StringBuilder();
        int part = random.nextInt(NOTE_PARTS.length);
        while (notes.codePointCount(0, notes.length()) < target) {
            notes.append(String.format(NOTE_PARTS[part % NOTE_PARTS.length], 30 + 10 * (c % 40)));
            part += 1 + random.nextInt(3);
        }
        return notes.toString();
    }

    private void deals() {
        LocalDate today = calendar.today();
        for (Object[] deal : DEALS) {
            int c = (Integer) deal[0];
            Person rep = repOf(c);
            String path = "/api/v1/customers/" + customerIds.get(c) + "/deals";
            JsonNode created = api.post(rep, path, Map.of("amount", deal[2], "currency", "CNY",
                    "signedOn", today.minusDays(3 + random.nextInt(40)).toString(), "product", deal[1]));
            if (c == CANCELLED_DEAL) {
                api.post(rep, path + "/" + created.get("id").asText() + "/cancel", Map.of("reason", "客户付款条件变更，合同需要重签"));
            }
        }
    }

    /** Managers review what is older than two days, most of it: not effective records mostly get coaching. */
    private void reviews() {
        for (Object[] visit : written) {
            Person rep = (Person) visit[1];
            int daysAgo = (Integer) visit[2];
            boolean effective = (Boolean) visit[3];
            if (daysAgo < 3 || random.nextInt(10) < 2) {
                continue;
            }
            Person reviewer = random.nextInt(10) == 0 ? DemoPeople.REGIONAL_MANAGER : DemoPeople.TEAM_MANAGERS.get(rep.team());
            Map<String, Object> review = new LinkedHashMap<>();
            if (!effective && random.nextInt(10) < 7 || effective && random.nextInt(10) == 0) {
                review.put("verdict", "NEEDS_WORK");
                review.put("comment", COACHING[random.nextInt(COACHING.length)]);
            } else {
                review.put("verdict", "GOOD");
            }
            api.post(reviewer, "/api/v1/visits/" + visit[0] + "/reviews", review);
        }
    }

    private String creditCode(String city) {
        StringBuilder code = new StringBuilder("91").append(CITY_CODES.get(city)[0]);
        code.append("MA");
        for (int i = 0; i < 7; i++) {
            code.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return code.append(CreditCode.Validator.checkCharacter(code.toString())).toString();
    }
}
