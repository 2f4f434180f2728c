package io.tracelake.model.trace;

import io.tracelake.model.TimingSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Per-host clock offsets within one trace, against the clock of the trace's top host. Each caller/callee link
 * bounds the offsets δ of its two hosts: the callee starts after the call began ({@code cs ≤ ss + δ}) and ends
 * before it returned ({@code se + δ ≤ ce}), where δ is the callee host's offset minus the caller host's. A
 * host whose links all hold uncorrected keeps δ = 0: no correction without a violation to
 * correct. Otherwise δ is the middle of what its links allow (the network hops there and back are alike) when a
 * callee's end was logged as such, else just enough: a consumer, or a span whose last line came before its work
 * was done, says only that it began after the call. Offsets larger than the cap are not applied: such a
 * gap says a link is wrong more often than a clock is.
 *
 * <p>The reference is the host that calls and that no link says was called (a gateway), not merely the host
 * of the earliest span: on a skewed day the earliest span is often a callee whose clock runs ahead, and a
 * callee's clock says nothing of its caller's callers. Offsets travel both ways along the links, so a
 * caller's host is placed from its callee's when that is the one known first.
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

  /**
   * @param drafts the trace's spans, in start order
   * @param rootHost the host of the earliest span without a parent: the reference when no host is a caller that
   *     was not itself called
   */
  static Result estimate(List<SpanDraft> drafts, List<ParentLinker.Link> links, String rootHost, long maxSkewUs) {
    Map<String, Long> offsets = new HashMap<>();
    if (links.isEmpty()) {
      return new Result(offsets, 0);
    }
    // each host's links, as callee and as caller, so that placing a host reads only its own
    Map<String, List<ParentLinker.Link>> linksByHost = new LinkedHashMap<>();
    Set<String> callees = new HashSet<>();
    for (ParentLinker.Link link : links) {
      linksByHost.computeIfAbsent(link.child().host, h -> new ArrayList<>()).add(link);
      linksByHost.computeIfAbsent(link.parentHost(), h -> new ArrayList<>()).add(link);
      callees.add(link.child().host);
    }
    String reference = referenceHost(drafts, linksByHost.keySet(), callees, rootHost);
    if (reference == null) {
      return new Result(offsets, 0);
    }
    offsets.put(reference, 0L);
    int capped = 0;
    boolean progress = true;
    while (progress) {
      progress = false;
      for (Map.Entry<String, List<ParentLinker.Link>> entry : linksByHost.entrySet()) {
        if (offsets.containsKey(entry.getKey())) {
          continue;
        }
        Long offset = offsetOf(entry.getKey(), entry.getValue(), offsets);
        if (offset == null) {
          continue; // no link to a host whose clock is known yet
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

  /** The host of the earliest span among hosts that are some link's caller and no link's callee; else the root's. */
  private static String referenceHost(List<SpanDraft> drafts, Set<String> linked, Set<String> callees,
      String rootHost) {
    for (SpanDraft draft : drafts) {
      if (linked.contains(draft.host) && !callees.contains(draft.host)) {
        return draft.host;
      }
    }
    return rootHost;
  }

  /**
   * The offset of {@code host} from its links (each has it as callee or caller) to hosts already placed: as a
   * callee, δ lies in [caller's + cs − ss, caller's + ce − se]; as a caller, in [callee's − (ce − se), callee's −
   * (cs − ss)].
   */
  private static Long offsetOf(String host, List<ParentLinker.Link> links, Map<String, Long> offsets) {
    long lo = Long.MIN_VALUE;
    long hi = Long.MAX_VALUE;
    List<Long> middles = new ArrayList<>();
    boolean centred = false;
    for (ParentLinker.Link link : links) {
      boolean asCallee = link.child().host.equals(host);
      Long other = offsets.get(asCallee ? link.parentHost() : link.child().host);
      if (other == null) {
        continue;
      }
      long gapLo = link.parentStartUs() - link.child().startUs;
      boolean bounded = link.parentEndUs() != Long.MIN_VALUE;
      long gapHi = bounded ? link.parentEndUs() - link.child().endUs : Long.MAX_VALUE;
      long linkLo;
      long linkHi;
      if (asCallee) {
        linkLo = other + gapLo;
        linkHi = bounded ? other + gapHi : Long.MAX_VALUE;
      } else {
        linkLo = bounded ? other - gapHi : Long.MIN_VALUE;
        linkHi = other - gapLo;
      }
      // the middle assumes the callee's last line is its end; a span whose end nothing logged (its last line
      // came before its work was done) only says it began after the call: then just enough
      boolean endsLogged = bounded && link.child().timing != TimingSource.FIRST_LAST_EVENT;
      centred |= endsLogged;
      lo = Math.max(lo, linkLo);
      hi = Math.min(hi, linkHi);
      middles.add(endsLogged && linkHi >= linkLo ? linkLo + (linkHi - linkLo) / 2 : asCallee ? linkLo : linkHi);
    }
    if (middles.isEmpty()) {
      return null;
    }
    if (lo <= 0 && 0 <= hi) {
      return 0L;
    }
    if (lo <= hi) {
      if (centred && lo != Long.MIN_VALUE && hi != Long.MAX_VALUE) {
        return lo + (hi - lo) / 2;
      }
      return lo > 0 ? lo : hi; // just enough: the end of the allowed range nearest to no correction
    }
    // the links contradict each other (a wrong match, or a callee slower than its caller's timeout): the median
    Collections.sort(middles);
    return middles.get(middles.size() / 2);
  }
}
