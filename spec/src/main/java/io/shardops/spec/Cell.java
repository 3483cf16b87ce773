package io.shardops.spec;

/** A failure domain (zone) that runs gateways and tablets. */
public record Cell(String name, Gateway gateway) {}
