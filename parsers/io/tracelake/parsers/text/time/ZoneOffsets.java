package io.tracelake.parsers.text.time;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.List;

/**
 * The UTC offset of a zone at local times, cached per quarter hour of local time: lines arrive in time
 * order, so the zone rules are consulted a few times per file instead of once per line.
 */
final class ZoneOffsets {
  private static final long BUCKET_SECONDS = 900; // zone transitions fall on quarter hours

  private final ZoneRules rules;
  private final boolean fixed;
  private long bucket = Long.MIN_VALUE;
  private int earlier;
  private int later;

  ZoneOffsets(ZoneId zone) {
    this.rules = zone.getRules();
    this.fixed = rules.isFixedOffset();
    if (fixed) {
      earlier = rules.getOffset(java.time.Instant.EPOCH).getTotalSeconds();
      later = earlier;
    }
  }

  /** The offset at a local time; in a gap, the one before it; in an overlap, the earlier (summer) one. */
  int earlierOffset(long localEpochSecond) {
    refresh(localEpochSecond);
    return earlier;
  }

  /** Same as {@link #earlierOffset} except in an overlap, where it is the later (winter) offset. */
  int laterOffset(long localEpochSecond) {
    refresh(localEpochSecond);
    return later;
  }

  private void refresh(long localEpochSecond) {
    if (fixed) {
      return;
    }
    long b = Math.floorDiv(localEpochSecond, BUCKET_SECONDS);
    if (b == bucket) {
      return;
    }
    LocalDateTime local = LocalDateTime.ofEpochSecond(b * BUCKET_SECONDS, 0, ZoneOffset.UTC);
    List<ZoneOffset> valid = rules.getValidOffsets(local);
    if (valid.size() == 1) {
      earlier = valid.get(0).getTotalSeconds();
      later = earlier;
    } else {
      ZoneOffsetTransition transition = rules.getTransition(local);
      earlier = transition.getOffsetBefore().getTotalSeconds();
      later = valid.isEmpty() ? earlier : transition.getOffsetAfter().getTotalSeconds();
    }
    bucket = b;
  }
}
