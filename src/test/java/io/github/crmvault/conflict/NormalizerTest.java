package io.github.crmvault.conflict;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** The conflict keys: every spelling of one company gives one key; nothing that identifies no company gives a key. */
class NormalizerTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            // legal suffixes, Chinese
            "云栖科技有限公司                    | 云栖科技",
            "云栖科技有限责任公司                | 云栖科技",
            "云栖科技股份有限公司                | 云栖科技",
            "云栖科技集团有限公司                | 云栖科技",
            "云栖科技集团股份有限公司            | 云栖科技",
            "云栖科技控股集团有限公司            | 云栖科技",
            "云栖科技公司                        | 云栖科技",
            "云栖科技集团                        | 云栖科技",
            "云栖科技有限公司上海分公司          | 云栖科技上海分公司",
            "云栖创投合伙企业（有限合伙）        | 云栖创投",
            // a leading province and/or city, with or without 省 / 市 / 自治区
            "杭州云栖科技有限公司                | 云栖科技",
            "杭州市云栖科技有限公司              | 云栖科技",
            "浙江云栖科技有限公司                | 云栖科技",
            "浙江省云栖科技有限公司              | 云栖科技",
            "浙江省杭州市云栖科技有限公司        | 云栖科技",
            "浙江杭州云栖科技有限公司            | 云栖科技",
            "北京市云栖科技有限公司              | 云栖科技",
            "上海云栖科技有限公司                | 云栖科技",
            "广西壮族自治区云栖科技有限公司      | 云栖科技",
            "内蒙古云栖科技有限公司              | 云栖科技",
            "黑龙江省哈尔滨市云栖科技有限公司    | 云栖科技",
            "香港特别行政区云栖科技有限公司      | 云栖科技",
            // 市场 and 市政 are words of the name, not the end of a city
            "上海市场调查有限公司                | 市场调查",
            "杭州市政工程有限公司                | 市政工程",
            // a region elsewhere than at the start stays
            "云栖杭州科技有限公司                | 云栖杭州科技",
            // brackets and their content: regions, group and branch markers
            "云栖科技（杭州）有限公司            | 云栖科技",
            "云栖科技(杭州)有限公司              | 云栖科技",
            "（杭州）云栖科技有限公司            | 云栖科技",
            "云栖科技【北京】有限公司            | 云栖科技",
            "海尔（集团）股份有限公司            | 海尔",
            "云栖科技有限公司（上海分公司）      | 云栖科技上海分公司",
            "云栖（（杭州））科技                | 云栖科技",
            "云栖科技（杭州                      | 云栖科技杭州",
            // width, case, spacing, punctuation
            "ｙｕｎｑｉ科技有限公司              | yunqi科技",
            "云栖科技１号有限公司                | 云栖科技1号",
            "'  云栖 科技 有限 公司 '            | 云栖科技",
            "云栖·科技-有限公司!                 | 云栖科技",
            "'云栖科技,有限公司.'                | 云栖科技",
            // legal suffixes, English: trailing words only
            "Acme Co., Ltd.                      | acme",
            "ACME CO LTD                         | acme",
            "Acme Trading Company Limited        | acmetrading",
            "Acme Group Co.,Ltd                  | acme",
            "Acme Inc.                           | acme",
            "Acme Corp                           | acme",
            "Acme Corporation                    | acme",
            "Acme LLC                            | acme",
            "Acme GmbH                           | acme",
            "Acme Holdings Limited               | acme",
            "Costco                              | costco",
            "Cisco Systems                       | ciscosystems",
            "Co-op Foods                         | coopfoods",
            "杭州云栖科技有限公司 Co., Ltd.      | 云栖科技",
            // nothing under two characters: a step that would leave less is not taken
            "北京公司                            | 北京",
            "北京有限公司                        | 北京",
            "公司                                | 公司",
            "有限公司                            | 有限公司",
            "浙江省                              | 浙江省",
            "杭州市上海                          | 上海",
            "（北京）                            | 北京",
            "A Ltd                               | altd",
            "Ltd                                 | ltd",
            "X                                   | x",
            "!!!                                 | ''",
    })
    void companyName(String name, String key) {
        assertEquals(key, Normalizer.companyName(name));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            // Traditional characters are Simplified before anything else
            "杭州雲棲網絡科技有限公司            | 云栖网络科技",
            "臺灣積體電路製造股份有限公司        | 积体电路制造",
            "浙江省杭州市雲棲網絡科技（杭州）有限公司 | 云栖网络科技",
            // English and pinyin regions, leading or trailing, whole words only
            "Beijing Acme Technology Co., Ltd.   | acmetechnology",
            "Acme Technology (Beijing) Co., Ltd. | acmetechnology",
            "Acme Technology Shanghai Limited    | acmetechnology",
            "SHENZHEN HANGZHOU ACME LTD          | acme",
            "Hangzhouer Trading                  | hangzhouertrading",
            "Beijing Ltd                         | beijing",
            "Shanghai                            | shanghai",
    })
    void traditionalAndEnglishRegions(String name, String key) {
        assertEquals(key, Normalizer.companyName(name));
    }

    @ParameterizedTest(name = "{0} is a branch of {2}")
    @CsvSource(delimiter = '|', value = {
            "云栖科技有限公司滨江分公司          | 云栖科技滨江分公司   | 云栖科技",
            "云栖科技公司北京分公司              | 云栖科技北京分公司   | 云栖科技",
            "杭州云栖科技有限公司北京分公司      | 云栖科技北京分公司   | 云栖科技",
            "云栖科技北京分公司                  | 云栖科技北京分公司   | 云栖科技",
            "云栖科技北京市分公司                | 云栖科技北京市分公司 | 云栖科技",
            "云栖科技分公司                      | 云栖科技分公司       | 云栖科技",
            "云栖科技有限公司（滨江分公司）      | 云栖科技滨江分公司   | 云栖科技",
            "云栖餐饮西湖分店                    | 云栖餐饮西湖分店     | 云栖餐饮西湖",
            "云栖餐饮有限公司西湖分店            | 云栖餐饮西湖分店     | 云栖餐饮",
            "云栖科技集团上海办事处              | 云栖科技上海办事处   | 云栖科技",
            "雲棲科技有限公司濱江分公司          | 云栖科技滨江分公司   | 云栖科技",
            "招商银行股份有限公司杭州分行        | 招商银行杭州分行     | 招商银行",
    })
    void branches(String name, String key, String parent) {
        assertEquals(new Normalizer.Branch(key, parent), Normalizer.branch(name));
        assertEquals(key, Normalizer.companyName(name));
    }

    @ParameterizedTest(name = "{0} is no branch")
    @NullAndEmptySource
    @ValueSource(strings = {"云栖科技有限公司", "分公司", "北京分公司", "云分公司", "分店科技有限公司", "云栖分店管理有限公司"})
    void notBranches(String name) {
        assertEquals(null, Normalizer.branch(name));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "13800138000           | 13800138000",
            "+86 138 0013 8000     | 13800138000",
            "0571-8888 6666        | ''",
            "400-800-8888          | ''",
            "+1 415 555 0100       | ''",
    })
    void mobile(String phone, String key) {
        assertEquals(key, Normalizer.mobile(phone));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // names that differ only by region, legal form, brackets, width and spacing share one key
            "杭州云栖网络科技有限公司      | 浙江省杭州市 云栖网络科技（杭州）股份有限公司",
            "云栖网络科技有限公司          | 云栖网络科技 集团",
            "ACME TRADING CO., LTD.        | ａｃｍｅ　ｔｒａｄｉｎｇ （ｓｈａｎｇｈａｉ） Ｌｉｍｉｔｅｄ",
            "北京字节跳动科技有限公司      | 字节跳动科技(北京)有限责任公司",
            "Alibaba Group Holding Limited | ALIBABA",
    })
    void spellingsOfOneCompanyShareTheKey(String one, String other) {
        assertEquals(Normalizer.companyName(one), Normalizer.companyName(other));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            // mobiles: 11 digits, country code dropped
            "138 0013 8000          | 13800138000",
            "13800138000            | 13800138000",
            "138-0013-8000          | 13800138000",
            "+86 138 0013 8000      | 13800138000",
            "+8613800138000         | 13800138000",
            "0086 138 0013 8000     | 13800138000",
            "86 13800138000         | 13800138000",
            "(+86) 138 0013 8000    | 13800138000",
            "１３８ ００１３ ８０００ | 13800138000",
            // landlines keep the area code with its 0
            "0571-8888 6666         | 057188886666",
            "(0571) 8888-6666       | 057188886666",
            "+86 571 88886666       | 057188886666",
            "+86 571 8888 6666      | 057188886666",
            "0086 571 8888 6666     | 057188886666",
            "+86 (0)571 8888 6666   | 057188886666",
            "010-1234 5678          | 01012345678",
            "+86 10 1234 5678       | 01012345678",
            // service numbers
            "400-820-8820           | 4008208820",
            "+86 400 820 8820       | 4008208820",
            // other countries
            "+1 415 555 0100        | +14155550100",
            "001 415 555 0100       | +14155550100",
            "+852 2345 6789         | +85223456789",
    })
    void phone(String phone, String key) {
        assertEquals(key, Normalizer.phone(phone));
    }

    @ParameterizedTest(name = "{0} has no key")
    @NullAndEmptySource
    @ValueSource(strings = {"8888 6666", "88886666", "1234567", "12", "+1 23", "call me"})
    void aNumberWithoutAreaCodeIsNoKey(String phone) {
        assertEquals("", Normalizer.phone(phone));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "sales@example.cn            | example.cn",
            "Sales@Example.CN            | example.cn",
            "'  wang@example.com.cn '    | example.com.cn",
            "a.b@mail.example.cn         | example.cn",
            "a@a.b.example.com.cn        | example.com.cn",
            "a@acme.github.io            | acme.github.io",
            "a@www.example.cn            | example.cn",
            "a@example.cn.               | example.cn",
            "ｓａｌｅｓ＠ｅｘａｍｐｌｅ．ｃｎ | example.cn",
            "a@sub.qq.com                | sub.qq.com",
    })
    void emailDomain(String email, String key) {
        assertEquals(key, Normalizer.emailDomain(email));
    }

    @ParameterizedTest(name = "{0} is free mail")
    @NullAndEmptySource
    @ValueSource(strings = {"123456@qq.com", "a@QQ.COM", "a@163.com", "a@126.com", "a@gmail.com", "a@outlook.com",
            "a@hotmail.com", "a@foxmail.com", "a@sina.com", "a@vip.qq.com", "a@139.com", "a@yahoo.com", "no-at-sign",
            "a@localhost", "a@"})
    void freeMailIsNoKey(String email) {
        assertEquals("", Normalizer.emailDomain(email));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "https://www.example.cn                    | example.cn",
            "http://example.cn/                        | example.cn",
            "www.example.cn                            | example.cn",
            "example.cn                                | example.cn",
            "HTTPS://WWW.EXAMPLE.CN/About?x=1#top      | example.cn",
            "https://www.example.cn:8443/path          | example.cn",
            "https://user:pw@www.example.cn/           | example.cn",
            "'  https://shop.example.cn  '             | example.cn",
            "https://a.example.com.cn/                 | example.com.cn",
            "https://shop.acme.tmall.com               | acme.tmall.com",
            "http://intranet.local                     | intranet.local",
            "https://acme.tmall.com                    | acme.tmall.com",
            "ｗｗｗ．ｅｘａｍｐｌｅ．ｃｎ              | example.cn",
    })
    void websiteHost(String website, String key) {
        assertEquals(key, Normalizer.websiteHost(website));
    }

    @ParameterizedTest(name = "{0} has no key")
    @NullAndEmptySource
    @ValueSource(strings = {"https://weibo.com/acme", "https://www.taobao.com", "http://localhost:8080", "n/a",
            "https://mp.weixin.qq.com/s/abc", "  "})
    void sharedOrMalformedHostsAreNoKey(String website) {
        assertEquals("", Normalizer.websiteHost(website));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "91350100m000100y43     | 91350100M000100Y43",
            "' 91350100M000100Y43 ' | 91350100M000100Y43",
            "９１３５０１００Ｍ０００１００Ｙ４３ | 91350100M000100Y43",
    })
    void creditCode(String code, String key) {
        assertEquals(key, Normalizer.creditCode(code));
    }
}
