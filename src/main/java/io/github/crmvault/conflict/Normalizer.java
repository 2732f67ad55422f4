package io.github.crmvault.conflict;

import java.text.Normalizer.Form;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The conflict keys of a company, as pure functions: two spellings of the same company must give the
 * same key, so that the database's uniqueness of keys is what stops a second entry. Each function
 * answers the empty string when its input yields no key.
 */
public final class Normalizer {
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
     * The normalised company name: NFKC (full width to half width), lower case, brackets with their
     * content removed, legal suffixes removed, punctuation and white space removed, and a leading
     * province and/or city removed ("浙江省杭州市云栖科技（杭州）有限公司" is "云栖科技"). Brackets go
     * with their content whatever it is: in company names it is a region (（北京）), a group or branch
     * marker (（集团）, （上海分公司）) or a legal form (（有限合伙）), none of which tells two companies
     * apart. A step that would leave fewer than two characters is skipped, so "北京公司" stays "北京".
     */
    public static String companyName(String name) {
        if (name == null) {
            return "";
        }
        String text = java.text.Normalizer.normalize(name, Form.NFKC).toLowerCase(Locale.ROOT);
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

    /** The domain of a company e-mail address, lower case; empty for free mail (qq.com, 163.com, gmail.com...). */
    public static String emailDomain(String email) {
        if (email == null) {
            return "";
        }
        String text = java.text.Normalizer.normalize(email, Form.NFKC).strip().toLowerCase(Locale.ROOT);
        int at = text.lastIndexOf('@');
        return at < 0 ? "" : domain(text.substring(at + 1));
    }

    /**
     * A website's host, lower case, without scheme, user, port, path and a leading {@code www.}
     * ("https://www.Example.cn:8443/about" is example.cn): the same key as an e-mail domain.
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
        String domain = host.strip();
        while (domain.endsWith(".")) {
            domain = domain.substring(0, domain.length() - 1);
        }
        if (domain.startsWith("www.")) {
            domain = domain.substring(4);
        }
        boolean wellFormed = domain.matches("[\\p{L}\\p{N}-]+(\\.[\\p{L}\\p{N}-]+)+");
        return !wellFormed || SHARED_DOMAINS.contains(domain) ? "" : domain;
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

    /** Drops trailing words that are English legal forms: "acme trading co., ltd." is "acme trading". */
    private static String withoutEnglishSuffixes(String text) {
        List<String> words = new ArrayList<>(Arrays.asList(text.split("[^\\p{L}\\p{N}]+")));
        words.removeIf(String::isEmpty);
        while (words.size() > 1 && ENGLISH_SUFFIXES.contains(words.get(words.size() - 1))
                && length(String.join("", words.subList(0, words.size() - 1))) >= 2) {
            words.remove(words.size() - 1);
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
