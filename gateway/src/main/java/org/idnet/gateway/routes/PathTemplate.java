package org.idnet.gateway.routes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code google.api.http} path template such as {@code /v1/accounts/{account_id}/verification}.
 * Supports single-segment variables ({@code {field}} or {@code {field=*}}), nested field paths
 * ({@code {target.account_id}}) and literal segments; that is all the contract uses.
 */
public final class PathTemplate {

  private static final Pattern VARIABLE = Pattern.compile("\\{([a-z_][a-z0-9_.]*)(=\\*)?}");
  private static final Pattern LITERAL = Pattern.compile("[A-Za-z0-9._~-]+");

  private final String template;
  private final Pattern regex;
  private final List<String> variables;

  private PathTemplate(String template, Pattern regex, List<String> variables) {
    this.template = template;
    this.regex = regex;
    this.variables = List.copyOf(variables);
  }

  public static PathTemplate parse(String template) {
    if (!template.startsWith("/")) {
      throw new IllegalArgumentException("path template must start with '/': " + template);
    }
    StringBuilder regex = new StringBuilder();
    List<String> variables = new ArrayList<>();
    for (String segment : template.substring(1).split("/", -1)) {
      regex.append('/');
      Matcher variable = VARIABLE.matcher(segment);
      if (variable.matches()) {
        variables.add(variable.group(1));
        regex.append("([^/]+)");
      } else if (LITERAL.matcher(segment).matches()) {
        regex.append(Pattern.quote(segment));
      } else {
        throw new IllegalArgumentException("unsupported path segment '" + segment + "' in " + template);
      }
    }
    return new PathTemplate(template, Pattern.compile(regex.toString()), variables);
  }

  /** The variables of a matching (still percent-encoded) path, by field path; empty when it does not match. */
  public Optional<Map<String, String>> match(String rawPath) {
    Matcher m = regex.matcher(rawPath);
    if (!m.matches()) {
      return Optional.empty();
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 0; i < variables.size(); i++) {
      values.put(variables.get(i), m.group(i + 1));
    }
    return Optional.of(values);
  }

  /** Whether a (still percent-encoded) path matches, without extracting the variables. */
  public boolean matches(String rawPath) {
    return regex.matcher(rawPath).matches();
  }

  /** The same template in Spring's PathPattern syntax, for route predicates and security matchers. */
  public String springPattern() {
    return VARIABLE.matcher(template).replaceAll(r -> "{" + r.group(1).replace('.', '_') + "}");
  }

  /** OpenAPI path syntax, where variables keep their proto field path. */
  public String template() {
    return template;
  }

  public List<String> variables() {
    return variables;
  }

  @Override
  public String toString() {
    return template;
  }
}
