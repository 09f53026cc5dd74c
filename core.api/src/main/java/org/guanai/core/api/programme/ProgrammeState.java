package org.guanai.core.api.programme;

/** 运行状态: the state of an installed programme bundle. */
public enum ProgrammeState {
    /** 运行中: its bundle is active and its {@link Programme} service is registered. */
    ACTIVE,
    /** 正在启动: its bundle is active and its components are still activating; its routes answer 503 with Retry-After. */
    STARTING,
    /** 正在更新: an update is in progress; its routes answer 503 with Retry-After. */
    UPDATING,
    /** 已停止: its bundle is installed but not started. */
    STOPPED,
    /** 故障: its bundle failed to start, or is active without a working {@link Programme} service. */
    FAILED
}
