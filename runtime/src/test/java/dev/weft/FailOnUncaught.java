package dev.weft;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test when an event loop's default exception handler logged an error during it: an
 * exception escaped a callback that the test did not expect (and a test that expects one installs
 * its own handler). Without this, such an exception would only be logged, and the test could pass
 * while a task hangs.
 */
final class FailOnUncaught implements BeforeEachCallback, AfterEachCallback {
  private static final Logger LOG = Logger.getLogger(EventLoop.class.getName());

  private final List<LogRecord> errors = Collections.synchronizedList(new ArrayList<>());
  private final Handler capture =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          if (record.getLevel().intValue() >= Level.SEVERE.intValue()) {
            errors.add(record);
          }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  @Override
  public void beforeEach(ExtensionContext context) {
    errors.clear();
    LOG.addHandler(capture);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    LOG.removeHandler(capture);
    if (!errors.isEmpty()) {
      LogRecord first = errors.get(0);
      AssertionError failure =
          new AssertionError(
              errors.size()
                  + " uncaught exception(s) on an event loop; first: "
                  + first.getMessage());
      if (first.getThrown() != null) {
        failure.initCause(first.getThrown());
      }
      throw failure;
    }
  }
}
