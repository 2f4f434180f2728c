package io.tracelake.jobs.config;

import com.fasterxml.jackson.databind.JsonMappingException;
import java.util.List;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** Finds the line of a key or element of a YAML document by its path, from SnakeYAML's node tree. */
final class YamlLines {

  private YamlLines() {}

  /** The 1-based line of the last element of {@code path} that exists in the text, or 0 when none does. */
  static int lineOf(String text, List<JsonMappingException.Reference> path) {
    Node node;
    try {
      node = new Yaml(new LoaderOptions()).compose(new java.io.StringReader(text));
    } catch (RuntimeException e) {
      return 0; // the text did not compose; Jackson's location is all there is
    }
    int line = 0;
    for (JsonMappingException.Reference step : path) {
      Node next = null;
      int stepLine = 0;
      if (node instanceof MappingNode mapping && step.getFieldName() != null) {
        for (NodeTuple tuple : mapping.getValue()) {
          if (tuple.getKeyNode() instanceof ScalarNode key && key.getValue().equals(step.getFieldName())) {
            next = tuple.getValueNode();
            stepLine = key.getStartMark().getLine() + 1;
            break;
          }
        }
      } else if (node instanceof SequenceNode sequence && step.getIndex() >= 0
          && step.getIndex() < sequence.getValue().size()) {
        next = sequence.getValue().get(step.getIndex());
        stepLine = next.getStartMark().getLine() + 1;
      }
      if (next == null) {
        break;
      }
      node = next;
      line = stepLine;
    }
    return line;
  }
}
