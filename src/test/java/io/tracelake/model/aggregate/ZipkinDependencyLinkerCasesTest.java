package io.tracelake.model.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracelake.model.Span;
import io.tracelake.model.SpanKind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The cases of Zipkin's own {@code zipkin2.internal.DependencyLinkerTest} (zipkin 3.x), re-created span by span,
 * fed to Zipkin's {@code zipkin2.internal.DependencyLinker} and to ours: the links must be the same, except for
 * the differences kept on purpose, which SCHEMA.md names ("How the dependency graph differs from Zipkin's").
 * Zipkin's spans become ours as the rebuild makes them: no kind is INTERNAL, the local and remote service
 * names are {@code service} and {@code peerService}, the "error" tag is {@code error}, and a server half that
 * shares its client's id gets an id of its own under the client half (children of the shared id hang under
 * the server half, as in Zipkin's span tree).
 */
class ZipkinDependencyLinkerCasesTest {

  private static final zipkin2.Span.Kind SERVER = zipkin2.Span.Kind.SERVER;
  private static final zipkin2.Span.Kind CLIENT = zipkin2.Span.Kind.CLIENT;
  private static final zipkin2.Span.Kind PRODUCER = zipkin2.Span.Kind.PRODUCER;
  private static final zipkin2.Span.Kind CONSUMER = zipkin2.Span.Kind.CONSUMER;

  /** One Zipkin span of trace "a": parent id, id, kind (null: none), local and remote service, whether it failed. */
  private static zipkin2.Span zspan(String parent, String id, zipkin2.Span.Kind kind, String local, String remote,
      boolean error) {
    zipkin2.Span.Builder builder = zipkin2.Span.newBuilder().traceId("a").parentId(parent).id(id).kind(kind);
    if (local != null) {
      builder.localEndpoint(zipkin2.Endpoint.newBuilder().serviceName(local).build());
    }
    if (remote != null) {
      builder.remoteEndpoint(zipkin2.Endpoint.newBuilder().serviceName(remote).build());
    }
    if (error) {
      builder.putTag("error", "");
    }
    return builder.build();
  }

  private static zipkin2.Span shared(zipkin2.Span span) {
    return span.toBuilder().shared(true).build();
  }

  /** Client web -> app (a shared-id server), app -> db failing; listed as Zipkin reports them, leaves first. */
  private static final List<zipkin2.Span> TRACE = List.of(
      zspan("b", "c", CLIENT, "app", "db", true),
      shared(zspan("a", "b", SERVER, "app", "web", false)),
      zspan("a", "b", CLIENT, "web", "app", false),
      zspan(null, "a", SERVER, "web", null, false));

  /** The link tracelake draws where it differs from Zipkin on purpose, by case. */
  private static final Map<String, List<DependencyLink>> KEPT_DIFFERENCES = Map.of(
      "messagingSpansDontLinkWithoutBroker_consumer", List.of(new DependencyLink("producer", "consumer", 1, 0)),
      "messagingSpansDontLinkWithoutBroker_producer", List.of(new DependencyLink("producer", "consumer", 1, 0)),
      "messagingWithBroker_both_sides_same", List.of(new DependencyLink("producer", "consumer", 1, 0)),
      "messagingWithBroker_different", List.of(new DependencyLink("producer", "consumer", 1, 0)),
      "messagingWithoutBroker_noLinks", List.of(new DependencyLink("producer", "consumer", 1, 0)),
      "clientDoesntLinkToConsumer_child", List.of(new DependencyLink("client", "consumer", 1, 0)));

  static Stream<Arguments> cases() {
    List<zipkin2.Span> lateParent = new ArrayList<>(TRACE);
    lateParent.set(2, TRACE.get(2).toBuilder().parentId(null).build());
    List<zipkin2.Span> lostClient = new ArrayList<>(lateParent);
    lostClient.remove(1);
    return Stream.of(
        Arguments.of("baseCase", List.of()),
        Arguments.of("linksSpans", List.of(TRACE)),
        Arguments.of("linksSpans_serverMissingParentId", List.of(List.of(
            shared(zspan(null, "b", SERVER, "link", "arn", false)),
            zspan("a", "b", CLIENT, "arn", "link", false),
            zspan(null, "a", SERVER, "arn", null, false)))),
        Arguments.of("lateParentIdInSharedSpan", List.of(lateParent)),
        Arguments.of("lostChildAndNoParentIdInSharedSpan", List.of(lostClient)),
        Arguments.of("messagingSpansDontLinkWithoutBroker_consumer", List.of(List.of(
            zspan(null, "a", PRODUCER, "producer", null, false),
            zspan("a", "b", CONSUMER, "consumer", "kafka", false)))),
        Arguments.of("messagingSpansDontLinkWithoutBroker_producer", List.of(List.of(
            zspan(null, "a", PRODUCER, "producer", "kafka", false),
            zspan("a", "b", CONSUMER, "consumer", null, false)))),
        Arguments.of("messagingWithBroker_both_sides_same", List.of(List.of(
            zspan(null, "a", PRODUCER, "producer", "kafka", false),
            zspan("a", "b", CONSUMER, "consumer", "kafka", false)))),
        Arguments.of("messagingWithBroker_different", List.of(List.of(
            zspan(null, "a", PRODUCER, "producer", "kafka1", false),
            zspan("a", "b", CONSUMER, "consumer", "kafka2", false)))),
        Arguments.of("messagingWithoutBroker_noLinks", List.of(List.of(
            zspan(null, "a", PRODUCER, "producer", null, false),
            zspan("a", "b", CONSUMER, "consumer", null, false)))),
        Arguments.of("producerLinksToServer_childSpan", List.of(List.of(
            zspan(null, "a", PRODUCER, "producer", null, false),
            zspan("a", "b", SERVER, "server", null, false)))),
        Arguments.of("producerLinksToServer_sameSpan", List.of(List.of(
            zspan(null, "a", PRODUCER, "producer", null, false),
            shared(zspan(null, "a", SERVER, "server", null, false))))),
        Arguments.of("clientDoesntLinkToConsumer_child", List.of(List.of(
            zspan(null, "a", CLIENT, "client", null, false),
            zspan("a", "b", CONSUMER, "consumer", null, false)))),
        Arguments.of("linksSpansDirectedByKind", List.of(
            List.of(zspan(null, "a", SERVER, "server", "client", false)),
            List.of(shared(zspan(null, "a", CLIENT, "client", "server", false))))),
        Arguments.of("callsAgainstTheSameLinkIncreasesCallCount_span", List.of(List.of(
            zspan(null, "a", SERVER, "client", null, false),
            zspan("a", "b", CLIENT, null, "server", false),
            zspan("a", "c", CLIENT, null, "server", false)))),
        Arguments.of("callsAgainstTheSameLinkIncreasesCallCount_trace", List.of(
            List.of(zspan(null, "a", SERVER, "client", null, false), zspan("a", "b", CLIENT, null, "server", false)),
            List.of(zspan(null, "a", SERVER, "client", null, false), zspan("a", "b", CLIENT, null, "server", false)))),
        Arguments.of("singleHostSpansResultInASingleCallCount", List.of(List.of(
            zspan(null, "a", CLIENT, "client", null, false),
            zspan("a", "b", SERVER, "server", null, false)))),
        Arguments.of("singleHostSpansResultInASingleErrorCount", List.of(List.of(
            zspan(null, "a", CLIENT, "client", null, true),
            zspan("a", "b", SERVER, "server", null, true)))),
        Arguments.of("singleHostSpansResultInASingleErrorCount_sameId", List.of(List.of(
            zspan(null, "a", CLIENT, "client", null, true),
            shared(zspan(null, "a", SERVER, "server", null, true))))),
        Arguments.of("singleHostSpansResultInASingleCallCount_defersNameToServer", List.of(List.of(
            zspan(null, "a", CLIENT, "client", "server", false),
            zspan("a", "b", SERVER, "server", null, false)))),
        Arguments.of("singleHostSpans_multipleChildren", List.of(List.of(
            zspan(null, "a", CLIENT, "client", null, false),
            zspan("a", "b", SERVER, "server", "client", true),
            zspan("a", "c", SERVER, "server", "client", false)))),
        Arguments.of("singleHostSpans_multipleChildren_defersNameToServer", List.of(List.of(
            zspan(null, "a", CLIENT, "client", "server", false),
            zspan("a", "b", SERVER, "server", null, false),
            zspan("a", "c", SERVER, "server", null, false)))),
        Arguments.of("intermediatedClientSpansMissingLocalServiceNameLinkToNearestServer", List.of(List.of(
            zspan(null, "a", SERVER, "client", null, false),
            zspan("a", "b", null, null, null, false),
            zspan("b", "c", CLIENT, "server", null, false),
            zspan("b", "d", CLIENT, "server", null, false)))),
        Arguments.of("errorsOnUninstrumentedLinks", List.of(List.of(
            zspan(null, "a", SERVER, "client", null, false),
            zspan("a", "b", null, null, null, false),
            zspan("b", "c", CLIENT, "server", null, true),
            zspan("b", "d", CLIENT, "server", null, true)))),
        Arguments.of("errorsOnInstrumentedLinks", List.of(List.of(
            zspan(null, "a", SERVER, "foo", null, false),
            zspan("a", "b", null, null, null, false),
            zspan("b", "c", CLIENT, "bar", "baz", true),
            zspan("b", "d", CLIENT, "bar", "baz", false)))),
        Arguments.of("linkWithErrorIsLogged", List.of(List.of(zspan("b", "c", CLIENT, "foo", "bar", true)))),
        Arguments.of("annotationNamedErrorDoesntIncrementErrorCount", List.of(List.of(
            zspan("b", "c", CLIENT, "foo", "bar", false).toBuilder().addAnnotation(1L, "error").build()))),
        Arguments.of("linksLoopbackSpans", List.of(
            List.of(zspan(null, "a", SERVER, "service", "service", false)),
            List.of(zspan(null, "b", CLIENT, "service", "service", false)))),
        Arguments.of("noSpanKindTreatedSameAsClient", List.of(List.of(
            zspan(null, "a", null, "some-client", "web", false),
            zspan("a", "b", null, "web", "app", false),
            zspan("b", "c", null, "app", "db", false)))),
        Arguments.of("noSpanKindWithError", List.of(List.of(
            zspan(null, "a", null, "some-client", "web", false),
            zspan("a", "b", null, "web", "app", true),
            zspan("b", "c", null, "app", "db", false)))),
        Arguments.of("cannotLinkSingleSpanWithoutBothServiceNames", List.of(
            List.of(zspan(null, "a", SERVER, null, null, false)),
            List.of(zspan(null, "a", SERVER, "server", null, false)),
            List.of(zspan(null, "a", SERVER, null, "client", false)),
            List.of(zspan(null, "a", CLIENT, null, null, false)),
            List.of(zspan(null, "a", CLIENT, "client", null, false)),
            List.of(zspan(null, "a", CLIENT, null, "server", false)))),
        Arguments.of("doesntLinkUnrelatedSpansWhenMissingRootSpan", List.of(List.of(
            zspan("a", "b", SERVER, "service1", null, false),
            zspan("a", "c", SERVER, "service2", null, false)))),
        Arguments.of("linksRelatedSpansWhenMissingRootSpan", List.of(List.of(
            zspan("a", "b", SERVER, "service1", null, false),
            zspan("b", "c", SERVER, "service2", null, false)))),
        Arguments.of("linksSingleHostSpans", List.of(List.of(
            zspan(null, "a", CLIENT, "web", null, false),
            zspan("a", "b", SERVER, "app", null, false)))),
        Arguments.of("linksSingleHostSpans_errorOnClient", List.of(List.of(
            zspan(null, "a", CLIENT, "web", null, true),
            zspan("a", "b", SERVER, "app", null, false)))),
        Arguments.of("missingSpan", List.of(List.of(
            zspan(null, "a", SERVER, "web", null, false),
            zspan("a", "b", CLIENT, "app", null, false)))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void linksAsZipkinsLinkerDoes(String name, List<List<zipkin2.Span>> traces) {
    zipkin2.internal.DependencyLinker zipkin = new zipkin2.internal.DependencyLinker();
    List<DependencyCall> ours = new ArrayList<>();
    for (List<zipkin2.Span> trace : traces) {
      zipkin.putTrace(trace);
      ours.addAll(DependencyLinker.calls(asRebuilt(trace)));
    }
    Set<DependencyLink> expectedByZipkin = new HashSet<>();
    for (zipkin2.DependencyLink link : zipkin.link()) {
      expectedByZipkin.add(new DependencyLink(link.parent(), link.child(), link.callCount(), link.errorCount()));
    }
    Set<DependencyLink> linked = new HashSet<>(DependencyLinker.merge(ours));

    List<DependencyLink> kept = KEPT_DIFFERENCES.get(name);
    if (kept == null) {
      assertThat(linked).as("links of %s", name).isEqualTo(expectedByZipkin);
    } else {
      assertThat(linked).as("links of %s, a difference kept on purpose", name).isEqualTo(new HashSet<>(kept))
          .isNotEqualTo(expectedByZipkin);
    }
  }

  /** Zipkin's spans as the rebuild would have made them. */
  private static List<Span> asRebuilt(List<zipkin2.Span> trace) {
    Set<String> unsharedIds = new HashSet<>();
    Set<String> sharedIds = new HashSet<>();
    for (zipkin2.Span span : trace) {
      (Boolean.TRUE.equals(span.shared()) ? sharedIds : unsharedIds).add(span.id());
    }
    List<Span> spans = new ArrayList<>();
    for (zipkin2.Span span : trace) {
      String id = span.id();
      String parent = span.parentId();
      if (Boolean.TRUE.equals(span.shared()) && unsharedIds.contains(id)) {
        parent = id; // the server half under its client half, with an id of its own
        id = id + "-server";
      } else if (parent != null && sharedIds.contains(parent) && unsharedIds.contains(parent)) {
        parent = parent + "-server";
      }
      SpanKind kind = span.kind() == null ? SpanKind.INTERNAL : SpanKind.valueOf(span.kind().name());
      spans.add(new Span(span.traceId(), id, parent, span.localServiceName(), null, span.name(), kind, 0, 1,
          span.tags().containsKey("error"), 1, span.remoteServiceName(), null, null));
    }
    return spans;
  }
}
