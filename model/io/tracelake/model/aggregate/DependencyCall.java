package io.tracelake.model.aggregate;

import java.io.Serializable;

/**
 * One call from service {@code parent} to service {@code child}, as found by {@link DependencyLinker}; kept per call
 * (not only as counts) so that the caller can feed {@code durationUs} into a {@link LatencySketch} per edge.
 */
public record DependencyCall(String parent, String child, long durationUs, boolean error) implements Serializable {
  private static final long serialVersionUID = 1L;
}
