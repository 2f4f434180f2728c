package io.tracelake.simulator;

import java.util.SplittableRandom;

/** The threads of one kind of pool, named as the frameworks name them (Tomcat, Reactor Netty, Spring). */
final class ThreadPool {
  static final ThreadPool TOMCAT = new ThreadPool("http-nio-8080-exec-", 40);
  static final ThreadPool REACTOR = new ThreadPool("reactor-http-epoll-", 4);
  static final ThreadPool TASKS = new ThreadPool("task-", 8);
  static final ThreadPool KAFKA = new ThreadPool("kafka-consumer-", 3);
  static final ThreadPool WORKERS = new ThreadPool("worker-", 4);

  private final String[] names;

  private ThreadPool(String prefix, int size) {
    names = new String[size];
    for (int i = 0; i < size; i++) {
      names[i] = prefix + (i + 1);
    }
  }

  String pick(SplittableRandom random) {
    return names[random.nextInt(names.length)];
  }

  /** The {@code offset}-th thread after {@code first}, so that parallel branches run on distinct threads. */
  String after(int first, int offset) {
    return names[(first + offset) % names.length];
  }

  int size() {
    return names.length;
  }
}
