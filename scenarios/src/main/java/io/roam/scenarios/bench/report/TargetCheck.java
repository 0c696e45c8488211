package io.roam.scenarios.bench.report;

/** One target of the benchmark (each report lists them under Targets), and whether this run met it. */
public record TargetCheck(String target, String measured, Verdict verdict) {

    public enum Verdict { MET, MISSED, NOT_MEASURED }

    public static TargetCheck of(String target, String measured, boolean met) {
        return new TargetCheck(target, measured, met ? Verdict.MET : Verdict.MISSED);
    }

    public static TargetCheck notMeasured(String target) {
        return new TargetCheck(target, "-", Verdict.NOT_MEASURED);
    }
}
