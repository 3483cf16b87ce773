package io.shardops.planner.render;

/** A plan file that cannot be read; the message says why, for people. */
public class PlanFormatException extends RuntimeException {
    public PlanFormatException(String message) {
        super(message);
    }
}
