package io.tracelake.jobs.run;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * An iterator over rows made from an input read step by step, where a step may make no row (a reject
 * when only events are kept, a trace without spans): {@link #step()} is called until it makes one or the
 * input {@link #exhausted() is exhausted}. Spark pulls rows through it, so nothing is held beyond a step.
 */
abstract class ReadAheadIterator<T> implements Iterator<T> {
  private T next;

  /** Reads one step of the input; returns the row it made, or null when it made none. */
  protected abstract T step();

  /** True once no step is left. */
  protected abstract boolean exhausted();

  @Override
  public final boolean hasNext() {
    while (next == null && !exhausted()) {
      next = step();
    }
    return next != null;
  }

  @Override
  public final T next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    T row = next;
    next = null;
    return row;
  }
}
