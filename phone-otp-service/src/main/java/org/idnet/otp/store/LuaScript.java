package org.idnet.otp.store;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * A Lua script from the classpath, run by SHA with a fallback to its text: a restarted Redis has
 * an empty script cache, and the service must keep working without a restart.
 */
final class LuaScript {

  private final String text;
  private final String sha;

  private LuaScript(String text) {
    this.text = text;
    this.sha = sha1(text);
  }

  static LuaScript load(String name) {
    try (InputStream in = LuaScript.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing Lua script " + name);
      }
      return new LuaScript(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  List<Object> run(RedisCommands<String, String> redis, List<String> keys, String... args) {
    String[] keyArray = keys.toArray(String[]::new);
    try {
      return redis.evalsha(sha, ScriptOutputType.MULTI, keyArray, args);
    } catch (RedisNoScriptException e) {
      return redis.eval(text, ScriptOutputType.MULTI, keyArray, args);
    }
  }

  private static String sha1(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
