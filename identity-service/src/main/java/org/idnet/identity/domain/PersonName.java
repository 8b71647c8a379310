package org.idnet.identity.domain;

import java.text.Normalizer;
import java.util.Locale;

/**
 * A person's full name as the population register knows it, in one canonical form so that the
 * same name typed on two keyboards is the same value: Unicode NFC (a decomposed "Nguyễn" equals
 * the precomposed one), every run of Unicode white space (tabs, no-break spaces, ideographic
 * spaces) one ASCII space, no leading or trailing space, typographic apostrophes as {@code '}.
 * Diacritics and case are kept: they are part of a Vietnamese name.
 *
 * <p>Allowed: 2-100 code points of letters of any script (with their combining marks), spaces,
 * apostrophes, hyphens and periods, at least one letter. A single word is a valid name: some
 * people have only one.
 *
 * <p>{@link #equals} compares the canonical form exactly. Registers compare with
 * {@link #sameIgnoringCase}, since the case a platform's user typed carries no identity.
 * {@link #toString()} masks the name: it is personal data.
 */
public record PersonName(String value) {

  private static final String FIELD = "fullName";
  private static final int MIN = 2;
  private static final int MAX = 100;
  /** Longer raw input cannot become a valid name; refused before any work is spent on it. */
  private static final int MAX_RAW_CHARS = 4 * MAX;

  /** Canonicalizes {@code value}; {@code new PersonName(raw)} and {@link #normalize} are the same. */
  public PersonName {
    value = canonical(value);
  }

  public static PersonName normalize(String raw) {
    return new PersonName(raw);
  }

  /** Equal after folding case; both sides are already canonical otherwise. */
  public boolean sameIgnoringCase(PersonName other) {
    return other != null && folded().equals(other.folded());
  }

  @Override
  public String toString() {
    return "PersonName[***]";
  }

  private String folded() {
    // Lower-casing can decompose (e.g. U+0130), so recompose to compare like with like.
    return Normalizer.normalize(value.toLowerCase(Locale.ROOT), Normalizer.Form.NFC);
  }

  private static String canonical(String raw) {
    if (raw == null || raw.length() > MAX_RAW_CHARS) {
      throw length();
    }
    String nfc = Normalizer.normalize(raw, Normalizer.Form.NFC);
    StringBuilder out = new StringBuilder(nfc.length());
    boolean pendingSpace = false;
    boolean letterSeen = false;
    // Whether the last code point kept was a letter or a mark: only there may a mark follow.
    boolean markable = false;
    for (int i = 0; i < nfc.length(); ) {
      int cp = nfc.codePointAt(i);
      i += Character.charCount(cp);
      if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
        pendingSpace = out.length() > 0;
        markable = false;
        continue;
      }
      if (pendingSpace) {
        out.append(' ');
        pendingSpace = false;
      }
      if (Character.isLetter(cp)) {
        letterSeen = true;
        markable = true;
      } else if (isMark(Character.getType(cp))) {
        // A mark NFC could not compose still belongs to a letter, never to a space or a hyphen.
        if (!markable) {
          throw characters();
        }
      } else if (cp == '\'' || cp == '\u2019') {
        cp = '\'';
        markable = false;
      } else if (cp == '-' || cp == '.') {
        markable = false;
      } else {
        throw characters();
      }
      out.appendCodePoint(cp);
    }
    String value = out.toString();
    int codePoints = value.codePointCount(0, value.length());
    if (codePoints < MIN || codePoints > MAX) {
      throw length();
    }
    if (!letterSeen) {
      throw IdentityException.invalid(FailureReason.INVALID_IDENTITY, FIELD, "fullName must contain a letter");
    }
    return value;
  }

  private static boolean isMark(int type) {
    return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
        || type == Character.ENCLOSING_MARK;
  }

  private static IdentityException length() {
    return IdentityException.invalid(FailureReason.INVALID_IDENTITY, FIELD, "fullName must be 2-100 characters");
  }

  private static IdentityException characters() {
    return IdentityException.invalid(FailureReason.INVALID_IDENTITY, FIELD,
        "fullName may contain only letters, spaces, apostrophes, hyphens and periods");
  }
}
