package io.shardops.reconciler.cli;

import picocli.CommandLine.IVersionProvider;

/** Reads the version Maven stamped into the jar manifest. */
final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = ShardopsCommand.class.getPackage().getImplementationVersion();
        return new String[] {"shardops " + (v == null ? "development build" : v)};
    }
}
