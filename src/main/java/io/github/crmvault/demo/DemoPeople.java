package io.github.crmvault.demo;

import java.util.List;

/** The demo company's people: one region (华东大区) with a Shanghai and a Hangzhou team. */
public final class DemoPeople {
    /** A login, the name shown, the role its token carries, and for reps their team's index in {@link #TEAMS}. */
    public record Person(String login, String name, String role, int team) {
    }

    public static final String REGION = "华东大区";
    public static final List<String> TEAMS = List.of("上海一组", "杭州一组");

    public static final Person ADMIN = new Person("admin", "系统管理员", "admin", -1);
    public static final Person REGIONAL_MANAGER = new Person("chen.jianguo", "陈建国", "manager", -1);
    public static final List<Person> TEAM_MANAGERS = List.of(
            new Person("li.na", "李娜", "manager", 0),
            new Person("wang.lei", "王磊", "manager", 1));
    public static final List<Person> REPS = List.of(
            new Person("zhang.wei", "张伟", "sales", 0),
            new Person("liu.yang", "刘洋", "sales", 0),
            new Person("zhao.min", "赵敏", "sales", 0),
            new Person("sun.hao", "孙浩", "sales", 1),
            new Person("zhou.ting", "周婷", "sales", 1),
            new Person("wu.qiang", "吴强", "sales", 1));

    private DemoPeople() {
    }

    public static Person manager() {
        return TEAM_MANAGERS.get(0);
    }

    public static Person rep() {
        return REPS.get(0);
    }
}
