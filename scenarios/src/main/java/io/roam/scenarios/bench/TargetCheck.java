package io.roam.scenarios.bench;

/** One target of the issue, and whether this run met it. */
record TargetCheck(String target, String measured, Verdict verdict) {

    enum Verdict { MET, MISSED, NOT_MEASURED }

    static TargetCheck of(String target, String measured, boolean met) {
        return new TargetCheck(target, measured, met ? Verdict.MET : Verdict.MISSED);
    }

    static TargetCheck notMeasured(String target) {
        return new TargetCheck(target, "-", Verdict.NOT_MEASURED);
    }
}
