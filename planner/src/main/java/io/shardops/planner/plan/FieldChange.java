package io.shardops.planner.plan;

/**
 * One changed field of an object, values rendered for people.
 *
 * @param before null when the field is new
 * @param after  null when the field goes away
 */
public record FieldChange(String field, String before, String after) {}
