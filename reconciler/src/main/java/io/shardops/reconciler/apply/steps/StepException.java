package io.shardops.reconciler.apply.steps;

/** A step that cannot succeed as things are (not a passing fault): never retried. The message says why and what to do. */
public class StepException extends Exception {
    private static final long serialVersionUID = 1L;

    public StepException(String message) {
        super(message);
    }
}
