package org.guanai.plugin.home.internal;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;

/** The programme's records, as stored and answered (codes in JSON; the page and the exports show them in words). */
final class Model {
    private Model() {
    }

    /** 八有, the standard of a home [002 L163], in the standard's order. */
    enum Item {
        /** 统一标牌 */
        SIGN,
        /** 固定场所 */
        SITE,
        /** 完善设备 */
        EQUIPMENT,
        /** 人员管理 */
        STAFF,
        /** 儿童档案 */
        FILES,
        /** 活动计划 */
        PLAN,
        /** 活动台账 */
        LEDGER,
        /** 经费保障 */
        FUNDING
    }

    /**
     * The checklist's equipment [002 L286-324] with the quantities it requires (棋类 and 体育器材: a set each); a school adds
     * its own items.
     */
    enum Seed {
        PHONE("亲情电话", 4), PC("带摄像头和耳麦的电脑", 2), TV("电视", 1), BOOKS("图书", 300), CABINET("档案柜", 4), WHISPER("悄悄话吧", 1),
        CINEMA("家庭影院", 1), BOARD_GAMES("棋类", 1), SPORTS("体育器材", 1);

        final String zh;
        final int required;

        Seed(String zh, int required) {
            this.zh = zh;
            this.required = required;
        }
    }

    /** 亲情电话 or 视频. */
    enum CallKind {
        CALL, VIDEO_CALL
    }

    /** One item of the 八有 as last checked; {@code checkedOn} is {@code null} for an item never checked (not met). */
    record Standard(Item item, boolean met, String evidence, LocalDate checkedOn, String checkedBy) {
    }

    /** An item of equipment: {@code code} set for the checklist's items, {@code null} for the school's own. */
    record Equipment(Long id, String code, String name, int required, int present, int shortfall) {
    }

    /** The home open on a weekday (1 Monday … 7 Sunday) from {@code opens} to {@code closes} ({@code HH:mm}). */
    record Range(Integer weekday, String opens, String closes) {
    }

    /** Opening hours, and a note on weekends and holidays. */
    record Hours(List<Range> ranges, String note) {
    }

    /** 包保责任制: a staff member on duty on a date or every given weekday, responsible for a class or the children named. */
    record Duty(Long id, long staffId, String staffName, LocalDate onDate, Integer weekday, Long classId, String responsible) {
    }

    /** 图书借阅: a book lent to a child. */
    record Loan(Long id, long childId, String childName, String title, LocalDate lentOn, LocalDate dueOn, LocalDate returnedOn,
            boolean overdue) {
    }

    /** 亲情电话 or 视频: whom as the registry's guardian or parent (by id; the name as on the day) or a name. */
    record Call(Long id, long childId, String childName, CallKind kind, Long guardianId, Long parentId, String whom,
            LocalDateTime startedAt, int minutes) {
    }

    /** 谈心/悄悄话: a staff member's talk with a child (the summary is sensitive). */
    record Talk(Long id, long childId, String childName, long staffId, String staffName, LocalDate heldOn, String summary) {
    }

    /** 电视播放节目: a programme shown, how long, to how many children. */
    record Tv(Long id, LocalDate shownOn, String title, int minutes, int children) {
    }
}
