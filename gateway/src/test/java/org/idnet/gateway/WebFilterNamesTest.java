package org.idnet.gateway;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.junit.jupiter.api.Test;
import org.springframework.web.server.WebFilter;

/**
 * Spring 7's filter chain names every web filter in a Reactor checkpoint on every request by its
 * {@code toString()}; Object's makes a new string each time (BENCHMARKS.md, "Where the time goes").
 * Every web filter of the gateway therefore names itself with a constant.
 */
class WebFilterNamesTest {

  @Test
  void everyWebFilterOfTheGatewayDeclaresItsOwnToString() {
    var gateway = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("org.idnet.gateway");
    classes().that().implement(WebFilter.class).should(new ArchCondition<JavaClass>("declare toString()") {
      @Override
      public void check(JavaClass type, ConditionEvents events) {
        boolean declares = type.getMethods().stream()
            .anyMatch(m -> m.getName().equals("toString") && m.getRawParameterTypes().isEmpty());
        events.add(new SimpleConditionEvent(type, declares, type.getName() + (declares ? " declares" : " does not declare")
            + " toString()"));
      }
    }).check(gateway);
  }
}
