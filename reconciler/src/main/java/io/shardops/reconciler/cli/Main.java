package io.shardops.reconciler.cli;

/** Entry point of the {@code shardops} command. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(ShardopsCommand.execute(args));
    }
}
