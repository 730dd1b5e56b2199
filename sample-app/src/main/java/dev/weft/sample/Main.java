package dev.weft.sample;

import dev.weft.EventLoop;
import dev.weft.Task;

public final class Main {
  public static void main(String[] args) {
    System.out.println(EventLoop.run(() -> Task.of("hello from weft")));
  }
}
