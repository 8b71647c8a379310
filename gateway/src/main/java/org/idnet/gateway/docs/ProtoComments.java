package org.idnet.gateway.docs;

import com.google.protobuf.DescriptorProtos.SourceCodeInfo;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The leading comments of the proto files (the descriptor set keeps them: protoc's
 * {@code --include_source_info}), so the document explains each operation and field in the
 * contract's own words. Locations are the paths of {@code descriptor.proto}: a message is
 * {@code [4, i]}, its field {@code [4, i, 2, j]}, a nested message {@code [4, i, 3, j]}, an enum
 * {@code [5, i]} (nested: {@code [.., 4, j]}), a service {@code [6, i]}, its method {@code [6, i, 2, j]}.
 */
final class ProtoComments {

  private static final Pattern FIRST_SENTENCE = Pattern.compile("^(.+?[.?!])(\\s|$)", Pattern.DOTALL);
  private final Map<FileDescriptor, Map<List<Integer>, String>> byFile = new ConcurrentHashMap<>();

  String of(ServiceDescriptor service) {
    return comment(service.getFile(), List.of(6, service.getIndex()));
  }

  String of(MethodDescriptor method) {
    return comment(method.getFile(), List.of(6, method.getService().getIndex(), 2, method.getIndex()));
  }

  String of(Descriptor message) {
    return comment(message.getFile(), path(message));
  }

  String of(FieldDescriptor field) {
    if (field.isExtension()) {
      return "";
    }
    List<Integer> path = new ArrayList<>(path(field.getContainingType()));
    path.add(2);
    path.add(field.getIndex());
    return comment(field.getFile(), path);
  }

  String of(EnumDescriptor type) {
    List<Integer> path;
    if (type.getContainingType() == null) {
      path = List.of(5, type.getIndex());
    } else {
      path = new ArrayList<>(path(type.getContainingType()));
      path.add(4);
      path.add(type.getIndex());
    }
    return comment(type.getFile(), path);
  }

  /** The comment's first sentence on one line: an operation's summary. */
  static String firstSentence(String comment) {
    Matcher m = FIRST_SENTENCE.matcher(comment);
    String sentence = m.find() ? m.group(1) : comment;
    return sentence.replaceAll("\\s+", " ").strip();
  }

  private static List<Integer> path(Descriptor message) {
    if (message.getContainingType() == null) {
      return List.of(4, message.getIndex());
    }
    List<Integer> path = new ArrayList<>(path(message.getContainingType()));
    path.add(3);
    path.add(message.getIndex());
    return path;
  }

  private String comment(FileDescriptor file, List<Integer> path) {
    return byFile.computeIfAbsent(file, ProtoComments::read).getOrDefault(path, "");
  }

  private static Map<List<Integer>, String> read(FileDescriptor file) {
    Map<List<Integer>, String> comments = new HashMap<>();
    for (SourceCodeInfo.Location location : file.toProto().getSourceCodeInfo().getLocationList()) {
      if (location.hasLeadingComments()) {
        comments.putIfAbsent(location.getPathList(), clean(location.getLeadingComments()));
      }
    }
    return comments;
  }

  /** protoc keeps the space after {@code //} and the line breaks: each block of lines becomes a paragraph. */
  private static String clean(String raw) {
    StringBuilder out = new StringBuilder();
    for (String line : raw.lines().map(String::strip).toList()) {
      boolean atBreak = out.isEmpty() || out.charAt(out.length() - 1) == '\n';
      if (line.isEmpty()) {
        out.append(atBreak ? "" : "\n\n");
      } else {
        out.append(atBreak ? "" : " ").append(line);
      }
    }
    return out.toString().strip();
  }
}
