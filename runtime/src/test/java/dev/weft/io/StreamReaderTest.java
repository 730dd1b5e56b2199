package dev.weft.io;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.EventLoop;
import dev.weft.Task;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The reader's buffering and reads, fed by hand on a loop (no socket). */
class StreamReaderTest {
  /** Runs {@code body} on a loop thread, with a reader of limit {@code limit}. */
  private static void withReader(int limit, Consumer<StreamReader> body) {
    EventLoop.run(
        () -> {
          body.accept(new StreamReader(limit));
          return Task.done();
        });
  }

  private static void feed(StreamReader reader, String text) {
    reader.feedData(text.getBytes(UTF_8));
  }

  @Test
  void aLineSplitAcrossFeedsCompletesOnItsLastByte() {
    withReader(
        100,
        reader -> {
          Task<String> line = reader.readLine();
          feed(reader, "hel");
          assertFalse(line.isDone());
          feed(reader, "lo\r");
          assertFalse(line.isDone());
          feed(reader, "\nnext");
          assertEquals("hello", line.resultNow());
          assertEquals(4, reader.buffered());
          reader.feedEof();
          assertEquals("next", reader.readLine().resultNow());
          assertNull(reader.readLine().resultNow());
          assertTrue(reader.atEof());
        });
  }

  @Test
  void aSeparatorSplitAcrossFeedsIsFound() {
    withReader(
        100,
        reader -> {
          Task<byte[]> until = reader.readUntil("<END>".getBytes(UTF_8));
          feed(reader, "body<E");
          assertFalse(until.isDone());
          feed(reader, "ND>rest");
          assertArrayEquals("body<END>".getBytes(UTF_8), until.resultNow());
          assertArrayEquals("rest".getBytes(UTF_8), reader.read(10).resultNow());
        });
  }

  @Test
  void aMissingSeparatorBeyondTheLimitOverrunsAndKeepsTheData() {
    withReader(
        8,
        reader -> {
          Task<String> line = reader.readLine();
          feed(reader, "0123456789");
          LimitOverrunException overrun =
              assertInstanceOf(LimitOverrunException.class, line.exceptionNow());
          assertEquals(10, overrun.consumed());
          assertEquals(10, reader.buffered());
          assertArrayEquals("0123456789".getBytes(UTF_8), reader.readExactly(10).resultNow());
        });
  }

  @Test
  void readExactlyWaitsForAllItsBytesAndReportsAShortStream() {
    withReader(
        100,
        reader -> {
          Task<byte[]> four = reader.readExactly(4);
          feed(reader, "ab");
          assertFalse(four.isDone());
          feed(reader, "cdef");
          assertArrayEquals("abcd".getBytes(UTF_8), four.resultNow());
          Task<byte[]> three = reader.readExactly(3);
          reader.feedEof();
          IncompleteReadException incomplete =
              assertInstanceOf(IncompleteReadException.class, three.exceptionNow());
          assertArrayEquals("ef".getBytes(UTF_8), incomplete.partial());
          assertEquals(3, incomplete.expected());
        });
  }

  @Test
  void readGivesWhatIsThereAndReadAllWaitsForTheEnd() {
    withReader(
        100,
        reader -> {
          assertEquals(0, reader.read(0).resultNow().length);
          feed(reader, "xyz");
          assertArrayEquals("xy".getBytes(UTF_8), reader.read(2).resultNow());
          Task<byte[]> all = reader.read(-1);
          feed(reader, "123");
          assertFalse(all.isDone());
          reader.feedEof();
          assertArrayEquals("z123".getBytes(UTF_8), all.resultNow());
          assertEquals(0, reader.read(5).resultNow().length);
        });
  }

  @Test
  void oneReadAtATime() {
    withReader(
        100,
        reader -> {
          Task<String> first = reader.readLine();
          assertThrows(IllegalStateException.class, () -> reader.read(1));
          assertTrue(first.cancel());
          // A cancelled read consumed nothing and freed the reader.
          feed(reader, "kept\n");
          assertEquals("kept", reader.readLine().resultNow());
        });
  }

  @Test
  void aFailureFailsThePendingAndEveryLaterRead() {
    withReader(
        100,
        reader -> {
          IOException reset = new IOException("reset");
          feed(reader, "buffered");
          Task<byte[]> pending = reader.readExactly(100);
          reader.setException(reset);
          assertSame(reset, pending.exceptionNow());
          assertSame(reset, reader.read(1).exceptionNow());
          assertSame(reset, reader.exception());
        });
  }

  @Test
  void theBufferIsReusedNotGrownByASteadyStream() {
    withReader(
        1024,
        reader -> {
          byte[] chunk = new byte[1000];
          for (int i = 0; i < 10_000; i++) {
            reader.feedData(chunk);
            assertEquals(1000, reader.readExactly(1000).resultNow().length);
          }
          assertEquals(0, reader.buffered());
        });
  }

  @Test
  void aWaitingReadTakesItsShareOfAFeedAndTheRestStaysBuffered() {
    withReader(
        100,
        reader -> {
          Task<byte[]> read = reader.read(3);
          feed(reader, "abcdef");
          assertArrayEquals("abc".getBytes(UTF_8), read.resultNow());
          assertEquals(3, reader.buffered());
          assertArrayEquals("def".getBytes(UTF_8), reader.read(10).resultNow());

          Task<byte[]> exactly = reader.readExactly(2);
          feed(reader, "gh");
          assertArrayEquals("gh".getBytes(UTF_8), exactly.resultNow());
          assertEquals(0, reader.buffered());

          Task<byte[]> whole = reader.read(10);
          feed(reader, "ijk");
          assertArrayEquals("ijk".getBytes(UTF_8), whole.resultNow());
          assertEquals(0, reader.buffered());
        });
  }

  @Test
  void readIntoFillsTheCallersBufferWithoutANewArray() {
    withReader(
        100,
        reader -> {
          ByteBuffer into = ByteBuffer.allocateDirect(4);
          Task<Integer> waiting = reader.readInto(into);
          assertFalse(waiting.isDone());
          feed(reader, "abcdef"); // straight into the buffer, the rest stays buffered
          assertEquals(4, waiting.resultNow());
          assertEquals(4, into.position());
          assertEquals(2, reader.buffered());
          into.flip();
          assertEquals("abcd", UTF_8.decode(into).toString());
          into.clear();
          assertEquals(2, reader.readInto(into).resultNow());
          assertEquals(0, reader.readInto(ByteBuffer.allocate(0)).resultNow());
          byte[] array = new byte[8];
          Task<Integer> intoArray = reader.read(array, 3, 5);
          feed(reader, "xyz");
          assertEquals(3, intoArray.resultNow());
          assertEquals("xyz", new String(array, 3, 3, UTF_8));
          reader.feedEof();
          assertEquals(-1, reader.readInto(into).resultNow());
          assertThrows(
              ReadOnlyBufferException.class,
              () -> reader.readInto(ByteBuffer.allocate(1).asReadOnlyBuffer()));
        });
  }

  @Test
  void aCancelledReadIntoLeavesTheBufferAndTheBytes() {
    withReader(
        100,
        reader -> {
          ByteBuffer into = ByteBuffer.allocate(8);
          Task<Integer> waiting = reader.readInto(into);
          assertTrue(waiting.cancel());
          feed(reader, "kept");
          assertEquals(0, into.position());
          assertEquals(4, reader.buffered());
        });
  }
}
