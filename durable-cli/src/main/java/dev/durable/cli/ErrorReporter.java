package dev.durable.cli;

import dev.durable.DurableException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Prints an error of a command's action as one line on standard error and exits 1. A stack trace is
 * noise for someone looking at a database from a shell, so it is printed only with {@code --verbose}.
 */
final class ErrorReporter implements IExecutionExceptionHandler {
  @Override
  public int handleExecutionException(Exception error, CommandLine command, ParseResult parseResult) {
    PrintWriter err = command.getErr();
    String message;
    if (error instanceof CliException) {
      message = error.getMessage();
    } else if (error instanceof DurableException) {
      // The runtime's messages already say what happened and the fix.
      message = error.getMessage();
    } else {
      message = Messages.unexpected(error);
    }
    err.println("durable: " + Display.oneLine(message));
    Object root = command.getCommandSpec().root().userObject();
    if (root instanceof DurableCli cli && cli.verbose) {
      error.printStackTrace(err);
    }
    err.flush();
    return 1;
  }
}
