package io.shardops.reconciler.cli;

import io.shardops.spec.text.Printable;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * The last line of defence: no stack trace reaches a user. Commands report their own
 * expected errors; anything that escapes is shown as one line with the way to get detail.
 */
final class UserErrorHandler implements IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
        if (ex instanceof UserException ue) {
            cmd.getErr().println("error: " + Printable.escapeLines(ue.getMessage()));
            return ue.exitCode();
        }
        cmd.getErr().println("error: " + ex.getClass().getSimpleName() + ": " + Printable.escapeLines(ex.getMessage()));
        if (System.getenv("SHARDOPS_DEBUG") != null) {
            ex.printStackTrace(cmd.getErr());
        } else {
            cmd.getErr().println("(set SHARDOPS_DEBUG=1 to see the internal detail)");
        }
        return 1;
    }
}
