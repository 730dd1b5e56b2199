package dev.weft.sync;

import static dev.weft.sync.Critical.holding;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.weft.EventLoop;
import dev.weft.Task;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Many tasks contending for one primitive while a seeded random schedule cancels them at every
 * possible moment (waiting, just served, holding). Deterministic for a seed: the loop is
 * single-threaded and the schedule is the only source of choice. Checks that nothing is ever lost
 * or duplicated and that the primitive ends idle.
 */
class RandomCancellationTest {
  private static final int TURNS = 400;

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 5})
  void permitsAreNeverLostNorExceeded(int permits) {
    for (long seed = 0; seed < 20; seed++) {
      try {
        checkPermits(permits, new Random(seed * 31 + permits));
      } catch (AssertionError e) {
        throw new AssertionError("seed " + seed + ": " + e.getMessage(), e);
      }
    }
  }

  private void checkPermits(int permits, Random random) {
    List<String> log = new ArrayList<>();
    List<Task<Void>> tasks = new ArrayList<>();
    EventLoop.run(
        () -> {
          Semaphore semaphore = permits == 1 ? new BoundedSemaphore(1) : new Semaphore(permits);
          Task<Object> chaos =
              Script.repeat(
                  TURNS,
                  () -> {
                    int choice = random.nextInt(10);
                    if (choice < 4) {
                      int holdTurns = random.nextInt(4);
                      tasks.add(
                          holding(
                              semaphore::acquire,
                              semaphore::release,
                              log,
                              "t" + tasks.size(),
                              () -> Script.turns(holdTurns)));
                    } else if (choice < 7 && !tasks.isEmpty()) {
                      tasks.get(random.nextInt(tasks.size())).cancel();
                    }
                  });
          return Script.start(
              "check",
              p -> chaos,
              p ->
                  Script.until(
                      () -> tasks.stream().allMatch(Task::isDone), 10_000, "every task ending"),
              p -> {
                assertEquals(permits, semaphore.availablePermits());
                assertEquals(0, semaphore.waiting());
                return null;
              });
        });
    int holders = 0;
    Set<String> holding = new HashSet<>();
    for (String entry : log) {
      String name = entry.substring(0, entry.indexOf(' '));
      if (entry.endsWith(" in")) {
        assertTrue(holding.add(name));
        holders++;
        assertTrue(holders <= permits, "more than " + permits + " holders: " + log);
      } else {
        assertTrue(holding.remove(name));
        holders--;
      }
    }
    assertEquals(0, holders);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2, 4})
  void itemsAreNeverLostNorDuplicated(int maxSize) {
    for (long seed = 0; seed < 20; seed++) {
      checkItems(maxSize, new Random(seed * 17 + maxSize));
    }
  }

  private void checkItems(int maxSize, Random random) {
    Map<String, Task<Object>> puts = new HashMap<>();
    List<String> putNow = new ArrayList<>();
    List<Task<Object>> gets = new ArrayList<>();
    List<String> gotNow = new ArrayList<>();
    List<String> leftOver = new ArrayList<>();
    List<Task<Object>> all = new ArrayList<>();
    EventLoop.run(
        () -> {
          Queue<String> queue =
              random.nextBoolean() ? new Queue<>(maxSize) : new LifoQueue<>(maxSize);
          Task<Object> chaos =
              Script.repeat(
                  TURNS,
                  () -> {
                    int choice = random.nextInt(12);
                    String item = "i" + (puts.size() + putNow.size());
                    if (choice < 3) {
                      Task<Object> put = Script.call("put " + item, () -> queue.put(item));
                      puts.put(item, put);
                      all.add(put);
                    } else if (choice < 6) {
                      Task<Object> get = Script.call("get", queue::get);
                      gets.add(get);
                      all.add(get);
                    } else if (choice < 9 && !all.isEmpty()) {
                      all.get(random.nextInt(all.size())).cancel();
                    } else if (choice == 9 && !queue.isFull()) {
                      queue.putNow(item);
                      putNow.add(item);
                    } else if (choice == 10 && !queue.isEmpty()) {
                      gotNow.add(queue.getNow());
                    }
                  });
          return Script.start(
              "check",
              p -> chaos,
              p -> Script.turns(20),
              p -> {
                all.stream().filter(t -> !t.isDone()).forEach(Task::cancel);
                return Script.turns(10);
              },
              p -> {
                all.forEach(t -> assertTrue(t.isDone(), t + " never finished"));
                while (!queue.isEmpty()) {
                  leftOver.add(queue.getNow());
                }
                assertEquals(0, queue.waitingGetters());
                assertEquals(0, queue.waitingPutters());
                return null;
              });
        });
    List<String> out = new ArrayList<>(gotNow);
    out.addAll(leftOver);
    for (Task<Object> get : gets) {
      if (get.isSucceeded()) {
        out.add((String) get.resultNow());
      }
    }
    Set<String> seen = new HashSet<>();
    for (String item : out) {
      if (!seen.add(item)) {
        fail("item " + item + " came out twice");
      }
      Task<Object> put = puts.get(item);
      assertTrue(
          putNow.contains(item) || put != null, "item " + item + " came out but was never put");
    }
    for (String item : putNow) {
      assertTrue(seen.contains(item), "item " + item + " (putNow) was lost");
    }
    puts.forEach(
        (item, put) -> {
          if (put.isSucceeded()) {
            assertTrue(seen.contains(item), "item " + item + " was put and lost");
          } else {
            assertFalse(put.isDone() && !put.isCancelled(), put.toString());
          }
        });
  }
}
