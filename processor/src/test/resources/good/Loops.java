package demo;

import dev.weft.Task;
import dev.weft.annotation.Async;
import java.util.List;

import static dev.weft.Await.await;

public class Loops {
    Task<List<Integer>> row(int i) {
        return Task.of(List.of(i, i + 1, i + 2));
    }

    @Async
    public Task<Integer> search(int rows, int target) {
        int steps = 0;
        outer:
        for (int i = 0; i < rows; i++) {
            for (int cell : await(row(i))) {
                steps++;
                if (cell == target) {
                    break outer;
                }
                if (cell % 2 == 0) {
                    continue outer;
                }
            }
        }
        int n = rows;
        do {
            n -= await(row(n)).size();
        } while (n > 0);
        while (await(row(n)).get(0) < 0) {
            n++;
        }
        return Task.of(steps);
    }
}
