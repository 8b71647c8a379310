package org.idnet.disclosure.requests.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PageCursorTest {

  @Test
  void tokenWhenParsedThenSameCursorToTheMicrosecond() {
    var cursor = new PageCursor(Instant.parse("2026-01-02T03:04:05.123456Z"), UUID.randomUUID());
    assertThat(PageCursor.parse(cursor.token())).isEqualTo(cursor);
  }

  @Test
  void parseWhenForgedOrGarbageThenInvalidPageToken() {
    for (String token : new String[] {"x", "!!!", "YzE6MTox", "bm9wZQ"}) {
      DisclosureException e = catchThrowableOfType(DisclosureException.class, () -> PageCursor.parse(token));
      assertThat(e.refusal()).isEqualTo(Refusal.INVALID_REQUEST);
      assertThat(e.field()).contains("pageToken");
    }
  }
}
