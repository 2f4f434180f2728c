package io.tracelake.model.aggregate;

import java.io.Serializable;

/** An edge of the service dependency graph: how often {@code parent} called {@code child}, and how often that failed. */
public record DependencyLink(String parent, String child, long callCount, long errorCount) implements Serializable {
  private static final long serialVersionUID = 1L;
}
