package io.github.crmvault.conflict;

import com.google.common.net.InternetDomainName;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer.Form;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The conflict keys of a company, as pure functions: two spellings of the same company must give the
 * same key, so that the database's uniqueness of keys is what stops a second entry. Each function
 * answers the empty string when its input yields no key.
 */
public final class Normalizer {
    /**
     * The version of the keys these functions derive. Raise it (and the column default of
     * customer.conflict_keys_version, see V27) whenever a change gives some existing name, phone or
     * domain another key, and run the backfill (README, "Conflict keys after a normaliser change").
     * 2: Traditional to Simplified, branches, English region words, registrable domains, contacts' mobiles.
     */
    public static final int KEYS_VERSION = 2;

    /** Traditional to Simplified Chinese, code point to code point (see the resource's header). */
    private static final Map<Integer, Integer> SIMPLIFIED = simplifiedTable();

    /**
     * What ends the name of a branch (分支机构): the office of a company in another place, which is
     * not the company but is worth a word with whoever holds it. Longest first.
     */
    private static final List<String> BRANCH_ENDINGS = byLengthDescending(List.of(
            "分公司", "分店", "办事处", "分厂", "分部", "营业部", "分行", "支行", "分所", "分院"));

    /**
     * Provinces and cities in English or pinyin, stripped as whole leading or trailing words as their
     * Chinese names are ("Hangzhou Acme Technology" and "Acme Technology (Hangzhou)" are Acme Technology).
     */
    private static final Set<String> ENGLISH_REGIONS = Set.of(
            "beijing", "peking", "tianjin", "shanghai", "chongqing", "hebei", "shanxi", "shaanxi", "liaoning", "jilin",
            "heilongjiang", "jiangsu", "zhejiang", "anhui", "fujian", "jiangxi", "shandong", "henan", "hubei", "hunan",
            "guangdong", "hainan", "sichuan", "guizhou", "yunnan", "gansu", "qinghai", "taiwan", "guangxi", "tibet",
            "xizang", "ningxia", "xinjiang", "hongkong", "macau", "macao", "neimenggu",
            "hangzhou", "ningbo", "wenzhou", "shaoxing", "jiaxing", "huzhou", "jinhua", "taizhou", "quzhou", "lishui",
            "zhoushan", "yiwu", "nanjing", "suzhou", "wuxi", "changzhou", "nantong", "yangzhou", "xuzhou", "zhenjiang",
            "yancheng", "kunshan", "guangzhou", "canton", "shenzhen", "dongguan", "foshan", "zhuhai", "zhongshan",
            "huizhou", "shantou", "jiangmen", "chengdu", "wuhan", "xian", "changsha", "zhengzhou", "jinan", "qingdao",
            "yantai", "weifang", "xiamen", "fuzhou", "quanzhou", "hefei", "nanchang", "shenyang", "dalian", "harbin",
            "changchun", "shijiazhuang", "tangshan", "taiyuan", "kunming", "guiyang", "nanning", "haikou", "sanya",
            "lanzhou", "xining", "yinchuan", "urumqi", "lhasa", "hohhot", "luoyang");
    /** Bracket pairs, after NFKC (which already turns （） into ()). */
    private static final String OPENING = "([{【〔〖「『<《";
    private static final String CLOSING = ")]}】〕〗」』>》";

    /** Chinese legal forms, stripped from the end of a name (longest first, repeatedly: 集团股份有限公司). */
    private static final List<String> CHINESE_SUFFIXES = byLengthDescending(List.of(
            "股份有限公司", "有限责任公司", "有限公司", "股份公司", "责任公司", "总公司", "分公司", "公司",
            "集团", "控股", "股份", "有限合伙", "合伙企业", "普通合伙"));

    /** English legal forms, stripped as trailing words ("Acme Group Co., Ltd." is Acme). */
    private static final Set<String> ENGLISH_SUFFIXES = Set.of(
            "co", "company", "corp", "corporation", "inc", "incorporated", "ltd", "limited", "llc", "llp", "plc",
            "gmbh", "ag", "sa", "pte", "pty", "bv", "group", "holding", "holdings");

    /** Provinces, municipalities, autonomous regions and SARs, without their 省/市/自治区 ending. */
    private static final List<String> PROVINCES = List.of(
            "北京", "天津", "上海", "重庆", "河北", "山西", "辽宁", "吉林", "黑龙江", "江苏", "浙江", "安徽", "福建",
            "江西", "山东", "河南", "湖北", "湖南", "广东", "海南", "四川", "贵州", "云南", "陕西", "甘肃", "青海",
            "台湾", "内蒙古", "广西", "西藏", "宁夏", "新疆", "香港", "澳门");

    /** Provincial capitals, sub-provincial cities and the larger prefecture-level cities, without 市. */
    private static final List<String> CITIES = List.of(
            "杭州", "宁波", "温州", "绍兴", "嘉兴", "湖州", "金华", "台州", "衢州", "丽水", "舟山", "义乌",
            "南京", "苏州", "无锡", "常州", "南通", "扬州", "徐州", "镇江", "泰州", "盐城", "昆山",
            "广州", "深圳", "东莞", "佛山", "珠海", "中山", "惠州", "汕头", "江门",
            "成都", "武汉", "西安", "长沙", "郑州", "济南", "青岛", "烟台", "潍坊", "厦门", "福州", "泉州",
            "合肥", "南昌", "沈阳", "大连", "哈尔滨", "长春", "石家庄", "唐山", "太原", "昆明", "贵阳",
            "南宁", "海口", "三亚", "兰州", "西宁", "银川", "乌鲁木齐", "拉萨", "呼和浩特", "洛阳");

    /** What may follow a region's name: 浙江省, 杭州市, 广西壮族自治区, 香港特别行政区. */
    private static final List<String> REGION_ENDINGS = byLengthDescending(List.of(
            "壮族自治区", "回族自治区", "维吾尔自治区", "特别行政区", "自治区", "省", "市"));

    private static final List<String> REGIONS = byLengthDescending(concat(PROVINCES, CITIES));

    /** Words that start like a region's ending but belong to the name: 上海市场调查 is 市场调查, not 场调查. */
    private static final List<String> NOT_REGION_ENDINGS = List.of("市场", "市政", "省心");

    /**
     * Mail providers and platforms whose domain many companies share: never a company's key. A
     * company's own subdomain of a platform (acme.tmall.com) stays a key.
     */
    private static final Set<String> SHARED_DOMAINS = Set.of(
            "qq.com", "vip.qq.com", "foxmail.com", "163.com", "vip.163.com", "126.com", "vip.126.com", "yeah.net",
            "188.com", "sina.com", "sina.cn", "vip.sina.com", "sohu.com", "139.com", "189.cn", "wo.cn", "aliyun.com",
            "tom.com", "21cn.com", "263.net", "gmail.com", "googlemail.com", "outlook.com", "hotmail.com",
            "live.com", "msn.com", "yahoo.com", "yahoo.com.cn", "icloud.com", "me.com", "mac.com", "aol.com",
            "protonmail.com", "proton.me", "mail.com", "gmx.com", "yandex.com",
            "weibo.com", "mp.weixin.qq.com", "taobao.com", "tmall.com", "jd.com", "1688.com", "douyin.com",
            "github.com", "linkedin.com", "facebook.com");

    private Normalizer() {
    }

    /**
     * The normalised company name: NFKC (full width to half width), lower case, Traditional characters
     * as Simplified (網絡 is 网络), brackets with their content removed, legal suffixes removed,
     * punctuation and white space removed, and a leading province and/or city removed, in Chinese or
     * English ("浙江省杭州市云栖科技（杭州）有限公司" is "云栖科技", so is "Hangzhou Yunqi Technology" of
     * "Yunqi Technology Co., Ltd."). Brackets go with their content whatever it is: a region (（北京）),
     * a group marker (（集团）) or a legal form (（有限合伙）), none of which tells two companies apart;
     * except a branch, in brackets or not: a branch's name is its {@link Branch#coreName}, never its
     * parent's. A step that would leave fewer than two characters is skipped, so "北京公司" stays "北京".
     */
    public static String companyName(String name) {
        if (name == null) {
            return "";
        }
        String text = prepared(name);
        Branch branch = branchOf(text);
        return branch != null ? branch.coreName() : core(text);
    }

    /**
     * A branch office and the company it belongs to: the branch's own normalised name (the parent's,
     * the place and the branch word: 云栖科技滨江分公司) and the parent's ({@link #companyName} of it).
     */
    public record Branch(String coreName, String parentCoreName) {
    }

    /**
     * The branch a name describes, or null: a name ending in a branch word (分公司, 分店, 办事处...,
     * also in brackets: 云栖科技有限公司（滨江分公司）). The parent is the name up to its last 公司 or 集团
     * (云栖科技有限公司滨江分公司, 云栖科技公司北京分公司), or else the name without a trailing province or
     * city (云栖科技北京分公司); a place that is neither (云栖科技滨江分公司) stays part of the parent's name.
     */
    public static Branch branch(String name) {
        return name == null ? null : branchOf(prepared(name));
    }

    /** NFKC (full width to half width), lower case, Traditional to Simplified. */
    private static String prepared(String name) {
        return simplified(java.text.Normalizer.normalize(name, Form.NFKC).toLowerCase(Locale.ROOT));
    }

    /** Traditional Chinese characters as their Simplified ones (網絡 is 网络); everything else as it is. */
    static String simplified(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().map(c -> SIMPLIFIED.getOrDefault(c, c)).forEach(out::appendCodePoint);
        return out.toString();
    }

    private static Branch branchOf(String text) {
        String unwrapped = withBranchBracketsOpened(text.strip());
        String withoutBrackets = withoutBrackets(unwrapped);
        String letters = lettersAndDigits(withoutBrackets);
        for (String ending : BRANCH_ENDINGS) {
            if (!letters.endsWith(ending)) {
                continue;
            }
            String head = letters.substring(0, letters.length() - ending.length());
            int end = Math.max(endOfLast(head, "公司"), endOfLast(head, "集团"));
            String parent;
            String place;
            if (end > 0) {
                parent = head.substring(0, end);
                place = head.substring(end);
            } else {
                parent = withoutTrailingRegion(head);
                place = head.substring(parent.length());
            }
            String parentCore = core(parent);
            String afterRegion = withoutRegion(parentCore);
            if (length(parentCore) < 2 || (afterRegion != null && afterRegion.isEmpty())) {
                return null; // 分公司, 北京分公司: no company to be a branch of
            }
            return new Branch(parentCore + place + ending, parentCore);
        }
        return null;
    }

    /** The normalised name of a text already {@link #prepared}, not a branch. */
    private static String core(String text) {
        String withoutBrackets = withoutBrackets(text);
        if (length(lettersAndDigits(withoutBrackets)) >= 2) {
            text = withoutBrackets;
        }
        String core = lettersAndDigits(withoutEnglishSuffixes(text));
        core = strip(core, true);
        return strip(core, false);
    }

    /**
     * A phone number's canonical digits. Mobiles are their 11 digits without +86 / 0086 / 86;
     * landlines keep their area code with its leading 0 ("0571-8888 6666" and "+86 571 88886666" are
     * both 057188886666); 400/800 service numbers stay as they are; other countries' numbers are "+"
     * and their digits. A local number without an area code (up to 8 digits) is no key: the same
     * digits belong to different companies in different cities.
     */
    public static String phone(String phone) {
        if (phone == null) {
            return "";
        }
        String text = java.text.Normalizer.normalize(phone, Form.NFKC).strip();
        String digits = text.replaceAll("[^0-9]", "");
        boolean international = text.startsWith("+") || digits.startsWith("00");
        if (digits.startsWith("00")) {
            digits = digits.substring(2);
        }
        if (international) {
            if (!digits.startsWith("86")) {
                return digits.length() < 7 ? "" : "+" + digits;
            }
            digits = digits.substring(2);
            if (!isMobile(digits) && !isServiceNumber(digits) && !digits.startsWith("0")) {
                digits = "0" + digits; // the trunk prefix an area code has at home
            }
        } else if (digits.length() == 13 && digits.startsWith("86") && isMobile(digits.substring(2))) {
            digits = digits.substring(2);
        }
        if (digits.length() <= 8) {
            return "";
        }
        return digits;
    }

    /**
     * A mobile number's 11 digits (a contact's mobile is a key of their customer); empty for anything
     * else: a contact's landline is often the switchboard, and a foreign number is rare enough to leave out.
     */
    public static String mobile(String phone) {
        String digits = phone(phone);
        return isMobile(digits) ? digits : "";
    }

    /**
     * The registrable domain of a company e-mail address (mail.example.cn is example.cn), lower case;
     * empty for free mail (qq.com, 163.com, gmail.com...).
     */
    public static String emailDomain(String email) {
        if (email == null) {
            return "";
        }
        String text = java.text.Normalizer.normalize(email, Form.NFKC).strip().toLowerCase(Locale.ROOT);
        int at = text.lastIndexOf('@');
        return at < 0 ? "" : domain(text.substring(at + 1));
    }

    /**
     * A website's registrable domain, lower case, without scheme, user, port and path
     * ("https://shop.Example.com.cn:8443/about" is example.com.cn): the same key as an e-mail domain.
     */
    public static String websiteHost(String website) {
        if (website == null) {
            return "";
        }
        String text = java.text.Normalizer.normalize(website, Form.NFKC).strip().toLowerCase(Locale.ROOT);
        int scheme = text.indexOf("://");
        if (scheme >= 0) {
            text = text.substring(scheme + 3);
        }
        int end = indexOfAny(text, "/?#");
        if (end >= 0) {
            text = text.substring(0, end);
        }
        text = text.substring(text.lastIndexOf('@') + 1);
        int port = text.indexOf(':');
        if (port >= 0) {
            text = text.substring(0, port);
        }
        return domain(text);
    }

    /** A unified social credit code as stored: trimmed, upper case (the 18 characters are validated elsewhere). */
    public static String creditCode(String code) {
        return code == null ? "" : java.text.Normalizer.normalize(code, Form.NFKC).strip().toUpperCase(Locale.ROOT);
    }

    private static String domain(String host) {
        String trimmed = host.strip();
        while (trimmed.endsWith(".")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        String domain = trimmed.startsWith("www.") ? trimmed.substring(4) : trimmed;
        boolean wellFormed = domain.matches("[\\p{L}\\p{N}-]+(\\.[\\p{L}\\p{N}-]+)+");
        if (!wellFormed || SHARED_DOMAINS.contains(domain)) {
            return "";
        }
        String platform = SHARED_DOMAINS.stream().filter(shared -> domain.endsWith("." + shared))
                .max(Comparator.comparingInt(String::length)).orElse(null);
        // A company's own subdomain of a platform (acme.tmall.com) is its key, not the platform.
        return platform != null ? platformSubdomain(domain, platform) : registrable(domain);
    }

    /**
     * The registrable domain by the Public Suffix List (a.example.com.cn is example.com.cn; a private
     * suffix such as github.io keeps its own subdomain); the host itself when the list knows no
     * suffix of it (an intranet name) or it is a suffix itself.
     */
    private static String registrable(String host) {
        try {
            InternetDomainName name = InternetDomainName.from(host);
            return name.isUnderPublicSuffix() ? name.topPrivateDomain().toString() : host;
        } catch (IllegalArgumentException | IllegalStateException e) {
            return host;
        }
    }

    /** shop.acme.tmall.com is acme.tmall.com: the label just under the shared domain names the company. */
    private static String platformSubdomain(String host, String shared) {
        String head = host.substring(0, host.length() - shared.length() - 1);
        return head.substring(head.lastIndexOf('.') + 1) + "." + shared;
    }

    private static boolean isMobile(String digits) {
        return digits.length() == 11 && digits.charAt(0) == '1';
    }

    private static boolean isServiceNumber(String digits) {
        return digits.length() == 10 && (digits.startsWith("400") || digits.startsWith("800"));
    }

    /** Removes every bracketed part, nested ones included; an unclosed bracket keeps the rest of the text. */
    private static String withoutBrackets(String text) {
        StringBuilder kept = new StringBuilder();
        int depth = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (OPENING.indexOf(c) >= 0) {
                depth++;
            } else if (CLOSING.indexOf(c) >= 0) {
                depth = Math.max(0, depth - 1);
            } else if (depth == 0) {
                kept.append(c);
            }
        }
        return depth == 0 ? kept.toString() : text;
    }

    /**
     * Drops trailing words that are English legal forms ("acme trading co., ltd." is "acme trading")
     * and leading or trailing province and city names ("beijing acme trading" is "acme trading").
     */
    private static String withoutEnglishSuffixes(String text) {
        List<String> words = new ArrayList<>(Arrays.asList(text.split("[^\\p{L}\\p{N}]+")));
        words.removeIf(String::isEmpty);
        boolean stripped = true;
        while (stripped && words.size() > 1) {
            String last = words.get(words.size() - 1);
            stripped = false;
            if ((ENGLISH_SUFFIXES.contains(last) || ENGLISH_REGIONS.contains(last))
                    && length(String.join("", words.subList(0, words.size() - 1))) >= 2) {
                words.remove(words.size() - 1);
                stripped = true;
            } else if (ENGLISH_REGIONS.contains(words.get(0)) && length(String.join("", words.subList(1, words.size()))) >= 2) {
                words.remove(0);
                stripped = true;
            }
        }
        return String.join(" ", words);
    }

    private static int length(String text) {
        return text.codePointCount(0, text.length());
    }

    private static String lettersAndDigits(String text) {
        StringBuilder kept = new StringBuilder();
        text.codePoints().filter(Character::isLetterOrDigit).forEach(kept::appendCodePoint);
        return kept.toString();
    }

    /**
     * Strips legal suffixes from the end ({@code suffixes}) or regions from the start, again and again,
     * as long as at least two characters remain.
     */
    private static String strip(String core, boolean suffixes) {
        String current = core;
        boolean stripped = true;
        while (stripped) {
            stripped = false;
            String next = suffixes ? withoutSuffix(current) : withoutRegion(current);
            if (next != null && length(next) >= 2) {
                current = next;
                stripped = true;
            }
        }
        return current;
    }

    private static String withoutSuffix(String core) {
        for (String suffix : CHINESE_SUFFIXES) {
            if (core.endsWith(suffix)) {
                return core.substring(0, core.length() - suffix.length());
            }
        }
        return null;
    }

    private static String withoutRegion(String core) {
        for (String region : REGIONS) {
            if (core.startsWith(region)) {
                String rest = core.substring(region.length());
                boolean nameGoesOn = NOT_REGION_ENDINGS.stream().anyMatch(rest::startsWith);
                for (String ending : REGION_ENDINGS) {
                    if (rest.startsWith(ending) && !nameGoesOn) {
                        return rest.substring(ending.length());
                    }
                }
                return rest;
            }
        }
        return null;
    }

    /** Brackets around a branch (（滨江分公司）) become plain text; other brackets stay for {@link #withoutBrackets}. */
    private static String withBranchBracketsOpened(String text) {
        if (text.isEmpty() || CLOSING.indexOf(text.charAt(text.length() - 1)) < 0) {
            return text;
        }
        int open = -1;
        for (int i = text.length() - 2; i >= 0 && open < 0; i--) {
            if (OPENING.indexOf(text.charAt(i)) >= 0) {
                open = i;
            }
        }
        if (open < 0) {
            return text;
        }
        String inside = lettersAndDigits(text.substring(open + 1, text.length() - 1));
        boolean branch = BRANCH_ENDINGS.stream().anyMatch(inside::endsWith);
        return branch ? text.substring(0, open) + inside : text;
    }

    /** Where the last occurrence of {@code word} ends in {@code text}; 0 when it does not occur. */
    private static int endOfLast(String text, String word) {
        int at = text.lastIndexOf(word);
        return at < 0 ? 0 : at + word.length();
    }

    /** The text without a trailing province or city (and its 省 / 市): 云栖科技北京市 is 云栖科技. */
    private static String withoutTrailingRegion(String text) {
        for (String ending : REGION_ENDINGS) {
            for (String region : REGIONS) {
                if (text.endsWith(region + ending) && length(text) - length(region + ending) >= 2) {
                    return text.substring(0, text.length() - (region + ending).length());
                }
            }
        }
        for (String region : REGIONS) {
            if (text.endsWith(region) && length(text) - length(region) >= 2) {
                return text.substring(0, text.length() - region.length());
            }
        }
        return text;
    }

    private static Map<Integer, Integer> simplifiedTable() {
        Map<Integer, Integer> table = new HashMap<>(4096);
        try (var in = Normalizer.class.getResourceAsStream("traditional-simplified.txt");
                var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            reader.lines().filter(line -> !line.startsWith("#") && !line.isBlank()).forEach(line -> {
                String[] pair = line.split(" ");
                table.put(pair[0].codePointAt(0), pair[1].codePointAt(0));
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.copyOf(table);
    }

    private static int indexOfAny(String text, String characters) {
        for (int i = 0; i < text.length(); i++) {
            if (characters.indexOf(text.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    private static List<String> byLengthDescending(List<String> values) {
        return values.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
