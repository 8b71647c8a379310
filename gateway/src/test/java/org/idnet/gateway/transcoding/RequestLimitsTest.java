package org.idnet.gateway.transcoding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.fail;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.idnet.api.v1.FieldLimits;
import org.idnet.gateway.errors.Problem;
import org.idnet.gateway.routes.ApiCatalog;
import org.idnet.gateway.routes.DeclaredLimits;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every bound the contract declares on a request, derived from the protos themselves: a value at
 * the bound passes, one just beyond is refused naming the field, with the field's code. A new
 * limit in a proto is covered here without a line of test code (or fails here, naming what the
 * test cannot build an example for).
 */
class RequestLimitsTest {

  private final RequestLimits limits = new RequestLimits();

  @TestFactory
  Stream<DynamicTest> everyDeclaredLimitHoldsAtItsBoundAndRefusesJustBeyond() {
    Set<Descriptor> inputs = new LinkedHashSet<>();
    ApiCatalog.load().routes().stream().map(r -> r.method().getInputType()).forEach(inputs::add);
    List<DynamicTest> tests = new ArrayList<>();
    for (Descriptor input : inputs) {
      tests.add(DynamicTest.dynamicTest(input.getName() + " with every field valid passes",
          () -> assertThatCode(() -> limits.check(build(input, List.of(), null))).doesNotThrowAnyException()));
      for (List<FieldDescriptor> path : declaredFields(input, List.of())) {
        tests.addAll(cases(input, path));
      }
    }
    assertThat(tests).hasSizeGreaterThan(80);
    return tests.stream();
  }

  private List<DynamicTest> cases(Descriptor input, List<FieldDescriptor> path) {
    FieldDescriptor field = path.get(path.size() - 1);
    DeclaredLimits declared = DeclaredLimits.of(field).orElseThrow();
    FieldLimits l = declared.limits();
    String name = input.getName() + "." + String.join(".", path.stream().map(FieldDescriptor::getJsonName).toList());
    // the field's JSON path as a refusal names it: a repeated message on the way is its first element
    String json = String.join(".", path.stream()
        .map(f -> f != field && f.isRepeated() ? f.getJsonName() + "[0]" : f.getJsonName()).toList());
    String element = field.isRepeated() ? json + "[0]" : json;
    List<DynamicTest> cases = new ArrayList<>();
    if (field.isRepeated() && l.getMaxItems() != 0) {
      cases.add(passes(name + " with max_items elements", input, path, elements(field, l.getMaxItems())));
      cases.add(refused(name + " with one element more", input, path, elements(field, l.getMaxItems() + 1),
          json, declared.countCode()));
    }
    if (field.isRepeated() && l.getMinItems() > 0) {
      cases.add(passes(name + " with min_items elements", input, path, elements(field, l.getMinItems())));
      cases.add(refused(name + " with one element less", input, path, elements(field, l.getMinItems() - 1),
          json, declared.countCode()));
    }
    if (field.getJavaType() == FieldDescriptor.JavaType.STRING) {
      if (l.getMaxLength() != 0) {
        String atMax = example(declared, l.getMaxLength(), name);
        cases.add(passes(name + " of max_length", input, path, one(field, atMax)));
        cases.add(refused(name + " one character longer", input, path, one(field, atMax + atMax.charAt(0)), element,
            declared.code()));
      }
      if (l.getMinLength() > 0) {
        String atMin = example(declared, l.getMinLength(), name);
        cases.add(passes(name + " of min_length", input, path, one(field, atMin)));
        cases.add(refused(name + " one character shorter", input, path, one(field, atMin.substring(1)), element,
            declared.code()));
      }
      if (!l.getPattern().isEmpty()) {
        String valid = IntStream.rangeClosed(Math.max(1, l.getMinLength()), l.getMaxLength())
            .mapToObj(n -> exampleOrNull(declared, n)).filter(java.util.Objects::nonNull).findFirst()
            .orElseGet(() -> fail("no example for " + name));
        cases.add(refused(name + " outside its pattern", input, path, one(field, "\u0000" + valid.substring(1)),
            element, declared.code()));
      }
    }
    if (field.getJavaType() == FieldDescriptor.JavaType.INT || field.getJavaType() == FieldDescriptor.JavaType.LONG) {
      if (l.hasMaximum()) {
        cases.add(passes(name + " at its maximum", input, path, one(field, number(field, l.getMaximum()))));
        cases.add(refused(name + " above its maximum", input, path, one(field, number(field, l.getMaximum() + 1)),
            element, declared.code()));
      }
      if (l.hasMinimum()) {
        cases.add(passes(name + " at its minimum", input, path, one(field, number(field, l.getMinimum()))));
        cases.add(refused(name + " below its minimum", input, path, one(field, number(field, l.getMinimum() - 1)),
            element, declared.code()));
      }
    }
    if (cases.isEmpty()) {
      fail(name + " declares limits this test does not know how to try: teach it");
    }
    return cases;
  }

  private DynamicTest passes(String name, Descriptor input, List<FieldDescriptor> path, List<Object> values) {
    return DynamicTest.dynamicTest(name + " passes",
        () -> assertThatCode(() -> limits.check(build(input, path, values))).doesNotThrowAnyException());
  }

  private DynamicTest refused(String name, Descriptor input, List<FieldDescriptor> path, List<Object> values,
      String field, String code) {
    return DynamicTest.dynamicTest(name + " is refused", () -> {
      InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class,
          () -> limits.check(build(input, path, values)));
      assertThat(e).as("refused").isNotNull();
      assertThat(e.code()).isEqualTo(code);
      assertThat(e.errors()).extracting(Problem.FieldError::field).containsExactly(field);
    });
  }

  /** Paths to every field with declared limits, through nested messages. */
  private static List<List<FieldDescriptor>> declaredFields(Descriptor type, List<FieldDescriptor> prefix) {
    List<List<FieldDescriptor>> paths = new ArrayList<>();
    for (FieldDescriptor field : type.getFields()) {
      List<FieldDescriptor> path = new ArrayList<>(prefix);
      path.add(field);
      if (DeclaredLimits.of(field).isPresent()) {
        paths.add(path);
      }
      if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE && !isWellKnown(field.getMessageType())) {
        paths.addAll(declaredFields(field.getMessageType(), path));
      }
    }
    return paths;
  }

  /** A message of {@code type} valid in every declared field, but for {@code path} set to {@code values}. */
  private static DynamicMessage build(Descriptor type, List<FieldDescriptor> path, List<Object> values) {
    DynamicMessage.Builder builder = DynamicMessage.newBuilder(type);
    for (FieldDescriptor field : type.getFields()) {
      List<Object> set;
      if (!path.isEmpty() && path.get(0).equals(field)) {
        set = path.size() == 1 ? values : List.of(build(field.getMessageType(), path.subList(1, path.size()), values));
      } else {
        set = valid(field);
      }
      for (Object value : set) {
        if (field.isRepeated()) {
          builder.addRepeatedField(field, value);
        } else {
          builder.setField(field, value);
        }
      }
    }
    return builder.build();
  }

  /** The smallest valid value(s) of a field; nothing where leaving it out is valid. */
  private static List<Object> valid(FieldDescriptor field) {
    FieldLimits l = DeclaredLimits.of(field).map(DeclaredLimits::limits).orElse(FieldLimits.getDefaultInstance());
    if (field.isRepeated()) {
      return elements(field, l.getMinItems());
    }
    return switch (field.getJavaType()) {
      case STRING -> l.getMinLength() == 0 ? List.of()
          : List.of(example(DeclaredLimits.of(field).orElseThrow(), l.getMinLength(), field.getFullName()));
      case INT, LONG -> l.hasMinimum() && l.getMinimum() > 0 ? List.of(number(field, l.getMinimum())) : List.of();
      case MESSAGE -> isWellKnown(field.getMessageType()) || declaredFields(field.getMessageType(), List.of()).isEmpty()
          ? List.of() : List.of(build(field.getMessageType(), List.of(), null));
      default -> List.of();
    };
  }

  private static List<Object> elements(FieldDescriptor field, int count) {
    List<Object> one = switch (field.getJavaType()) {
      case ENUM -> null;
      case STRING -> {
        DeclaredLimits d = DeclaredLimits.of(field).orElseThrow();
        yield List.of(example(d, Math.max(1, d.limits().getMinLength()), field.getFullName()));
      }
      case MESSAGE -> List.of(build(field.getMessageType(), List.of(), null));
      default -> List.of(number(field, 0));
    };
    if (one == null) {
      List<EnumValueDescriptor> values = field.getEnumType().getValues().stream()
          .filter(v -> !v.getName().endsWith("_UNSPECIFIED")).toList();
      return IntStream.range(0, count).mapToObj(i -> (Object) values.get(i % values.size())).toList();
    }
    return IntStream.range(0, count).mapToObj(i -> one.get(0)).toList();
  }

  /** One value: a single field's, or the only element of a repeated one. */
  private static List<Object> one(FieldDescriptor field, Object value) {
    return List.of(value);
  }

  private static Object number(FieldDescriptor field, long value) {
    return field.getJavaType() == FieldDescriptor.JavaType.INT ? (Object) (int) value : (Object) value;
  }

  /** A string of {@code length} characters that the field's pattern accepts. */
  private static String example(DeclaredLimits limits, int length, String name) {
    String example = exampleOrNull(limits, length);
    return example != null ? example : fail("no example of " + length + " characters for " + name + " ("
        + limits.limits().getPattern() + "): teach RequestLimitsTest.exampleOrNull one");
  }

  private static String exampleOrNull(DeclaredLimits limits, int length) {
    for (String candidate : List.of("a".repeat(length), "0".repeat(length),
        length > 0 ? "+" + "1".repeat(length - 1) : "", length == 10 ? "2001-09-30" : "",
        // an event type (account.closed), an endpoint id (we_...), a URL (https://...)
        length > 2 ? "a".repeat(length - 2) + ".a" : "", length > 3 ? "we_" + "a".repeat(length - 3) : "",
        length > 7 ? "http://" + "a".repeat(length - 7) : "",
        // an import id (imp_...), a return URL id (ru_...), a verification session id (vs_...)
        length > 4 ? "imp_" + "a".repeat(length - 4) : "", length > 3 ? "ru_" + "a".repeat(length - 3) : "",
        length > 3 ? "vs_" + "a".repeat(length - 3) : "", length == 2 ? "vi" : "")) {
      if (candidate.length() == length && limits.matches(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  private static boolean isWellKnown(Descriptor type) {
    return type.getFile().getPackage().equals("google.protobuf");
  }
}
