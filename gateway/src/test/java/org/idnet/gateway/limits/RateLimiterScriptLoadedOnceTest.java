package org.idnet.gateway.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.io.FileSystemResource;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.scripting.support.ResourceScriptSource;

class RateLimiterScriptLoadedOnceTest {

  @Test
  void theGatewaysScriptIsHeldInMemoryAndNeverReadAgain(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("request_rate_limiter.lua");
    Files.writeString(file, "return {1, 2}");
    DefaultRedisScript<List> fromResource = new DefaultRedisScript<>();
    fromResource.setScriptSource(new ResourceScriptSource(new FileSystemResource(file)));
    fromResource.setResultType(List.class);
    String sha1 = fromResource.getSha1();

    Object processed = new RateLimiterScriptLoadedOnce()
        .postProcessAfterInitialization(fromResource, RateLimiterScriptLoadedOnce.SCRIPT_BEAN);
    Files.delete(file);

    DefaultRedisScript<?> script = (DefaultRedisScript<?>) processed;
    assertThat(script).isNotSameAs(fromResource);
    assertThat(script.getSha1()).isEqualTo(sha1);
    assertThat(script.getScriptAsString()).isEqualTo("return {1, 2}");
    assertThat(script.getResultType()).isEqualTo(List.class);
  }

  @Test
  void otherBeansPassUntouched() {
    DefaultRedisScript<Long> other = new DefaultRedisScript<>("return 1", Long.class);
    assertThat(new RateLimiterScriptLoadedOnce().postProcessAfterInitialization(other, "someOtherScript")).isSameAs(other);
  }
}
