package io.tracelake.model.trace;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-host clock offsets within one trace, against the clock of the root's host. Each caller/callee link
 * bounds the callee host's offset δ: the callee starts after the call began ({@code cs ≤ ss + δ}) and ends
 * before it returned ({@code se + δ ≤ ce}). A host whose links all hold uncorrected keeps δ = 0: no
 * correction without a violation to correct. Otherwise δ is the middle of what its links allow (the network
 * hops there and back are alike), or just enough when only a lower bound is known (a consumer). Offsets
 * larger than the cap are not applied: such a gap says a link is wrong more often than a clock is.
 */
final class ClockSkew {

  /** The offset of each host reached through links, and whether any was applied. */
  record Result(Map<String, Long> offsets, int capped) {
    boolean adjusted() {
      for (long offset : offsets.values()) {
        if (offset != 0) {
          return true;
        }
      }
      return false;
    }

    void apply(List<SpanDraft> drafts) {
      for (SpanDraft draft : drafts) {
        long offset = offsets.getOrDefault(draft.host, 0L);
        draft.skewUs = offset;
        draft.startUs += offset;
        draft.endUs += offset;
      }
    }
  }

  private ClockSkew() {}

  static Result estimate(List<SpanDraft> drafts, List<ParentLinker.Link> links, String rootHost, long maxSkewUs) {
    Map<String, Long> offsets = new HashMap<>();
    if (rootHost == null || links.isEmpty()) {
      return new Result(offsets, 0);
    }
    offsets.put(rootHost, 0L);
    Map<String, List<ParentLinker.Link>> byChildHost = new LinkedHashMap<>();
    for (ParentLinker.Link link : links) {
      byChildHost.computeIfAbsent(link.child().host, h -> new ArrayList<>()).add(link);
    }
    int capped = 0;
    boolean progress = true;
    while (progress) {
      progress = false;
      for (Map.Entry<String, List<ParentLinker.Link>> entry : byChildHost.entrySet()) {
        if (offsets.containsKey(entry.getKey())) {
          continue;
        }
        Long offset = offsetOf(entry.getValue(), offsets);
        if (offset == null) {
          continue; // no link from a host whose clock is known yet
        }
        if (Math.abs(offset) > maxSkewUs) {
          capped++;
          offset = 0L;
        }
        offsets.put(entry.getKey(), offset);
        progress = true;
      }
    }
    return new Result(offsets, capped);
  }

  private static Long offsetOf(List<ParentLinker.Link> links, Map<String, Long> offsets) {
    long lo = Long.MIN_VALUE;
    long hi = Long.MAX_VALUE;
    List<Long> middles = new ArrayList<>();
    for (ParentLinker.Link link : links) {
      Long parentOffset = offsets.get(link.parentHost());
      if (parentOffset == null) {
        continue;
      }
      long linkLo = link.parentStartUs() + parentOffset - link.child().startUs;
      boolean bounded = link.parentEndUs() != Long.MIN_VALUE;
      long linkHi = bounded ? link.parentEndUs() + parentOffset - link.child().endUs : Long.MAX_VALUE;
      lo = Math.max(lo, linkLo);
      hi = Math.min(hi, linkHi);
      middles.add(bounded && linkHi >= linkLo ? linkLo + (linkHi - linkLo) / 2 : linkLo);
    }
    if (middles.isEmpty()) {
      return null;
    }
    if (lo <= 0 && 0 <= hi) {
      return 0L;
    }
    if (lo <= hi) {
      return hi == Long.MAX_VALUE ? lo : lo + (hi - lo) / 2;
    }
    // the links contradict each other (a wrong match, or a callee slower than its caller's timeout): the median
    Collections.sort(middles);
    return middles.get(middles.size() / 2);
  }
}
