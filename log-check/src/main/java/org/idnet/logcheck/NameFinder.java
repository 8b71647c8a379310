package org.idnet.logcheck;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.idnet.identity.store.SyntheticPopulation;

/**
 * Full names of the synthetic population: a family name, then a middle name, then any word,
 * separated by spaces (or what stands for one: a tab, the {@code +} of a form-encoded value, an
 * underscore), in any case, with or without Vietnamese diacritics ("Nguyễn Văn An",
 * "NGUYEN VAN AN", "nguyễn văn a"). Words are compared one by one rather than by one large
 * alternation: a line is walked once and only short words are folded.
 */
final class NameFinder implements LeakRule.Finder {

  /** The longest family or middle name has 6 letters; anything longer is skipped without folding. */
  private static final int LONGEST_WORD = 8;

  private final Set<String> family;
  private final Set<String> middle;

  NameFinder(SyntheticPopulation.NameWords words) {
    this.family = folded(words.family());
    this.middle = folded(words.middle());
  }

  @Override
  public List<String> find(ScannedLine line) {
    String text = line.text();
    List<int[]> words = words(text);
    List<String> found = new ArrayList<>();
    for (int i = 0; i + 2 < words.size(); i++) {
      int[] first = words.get(i);
      int[] second = words.get(i + 1);
      int[] third = words.get(i + 2);
      if (spaces(text, first[1], second[0]) && spaces(text, second[1], third[0])
          && family.contains(fold(text, first)) && middle.contains(fold(text, second))) {
        found.add(text.substring(first[0], third[1]));
        i += 2;
      }
    }
    return found;
  }

  /** Start and end of every run of letters and digits. */
  private static List<int[]> words(String text) {
    List<int[]> words = new ArrayList<>();
    int start = -1;
    for (int i = 0; i <= text.length(); i++) {
      boolean inWord = i < text.length() && Character.isLetterOrDigit(text.charAt(i));
      if (inWord && start < 0) {
        start = i;
      } else if (!inWord && start >= 0) {
        words.add(new int[] {start, i});
        start = -1;
      }
    }
    return words;
  }

  private static boolean spaces(String text, int from, int to) {
    if (to <= from || to - from > 3) {
      return false;
    }
    for (int i = from; i < to; i++) {
      if (" \t+_".indexOf(text.charAt(i)) < 0) {
        return false;
      }
    }
    return true;
  }

  private static String fold(String text, int[] word) {
    return word[1] - word[0] > LONGEST_WORD ? "" : fold(text.substring(word[0], word[1]));
  }

  /** Lower case without diacritics; đ has none to strip, so it is mapped by hand. */
  static String fold(String word) {
    String lower = word.toLowerCase(Locale.ROOT);
    boolean ascii = lower.chars().allMatch(c -> c < 0x80);
    if (ascii) {
      return lower;
    }
    return Normalizer.normalize(lower, Normalizer.Form.NFD).replaceAll("\\p{M}", "").replace('đ', 'd');
  }

  private static Set<String> folded(Set<String> words) {
    Set<String> all = new HashSet<>();
    words.forEach(w -> all.add(fold(w)));
    return Set.copyOf(all);
  }
}
