package io.shardops.planner.lint;

import io.shardops.spec.LintCode;

/** One rule of the change review: pure, it reads the context and reports findings of its code. */
interface LintRule {
    LintCode code();

    void check(LintContext c);
}
