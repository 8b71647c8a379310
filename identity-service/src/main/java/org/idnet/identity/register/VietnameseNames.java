package org.idnet.identity.register;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntUnaryOperator;

/**
 * Realistic Vietnamese full names (family, middle, given) for the synthetic population. Family
 * names follow their rough share of the population (Nguyễn about 38%, Trần 11%, Lê 9.5%, ...);
 * middle and given names follow the sex the citizen id encodes.
 */
final class VietnameseNames {

  private static final List<String> FAMILY = List.of(
      "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
      "Dương", "Lý");
  /** Per mille, in the order of {@link #FAMILY}. */
  private static final int[] FAMILY_WEIGHTS = {
      380, 110, 95, 70, 31, 20, 45, 24, 15, 21, 20, 14, 13, 13, 10, 5};
  private static final int FAMILY_TOTAL = Arrays.stream(FAMILY_WEIGHTS).sum();

  private static final List<String> MALE_MIDDLE = List.of(
      "Văn", "Văn", "Văn", "Đức", "Minh", "Quang", "Hữu", "Thành", "Công", "Xuân", "Tuấn", "Gia", "Đình", "Ngọc");
  private static final List<String> FEMALE_MIDDLE = List.of(
      "Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Minh", "Phương", "Hồng", "Bảo", "Khánh", "Mai", "Thùy", "Kim");

  private static final List<String> MALE_GIVEN = List.of(
      "Anh", "Bình", "Cường", "Dũng", "Duy", "Đạt", "Đức", "Hải", "Hiếu", "Hùng", "Hưng", "Huy", "Khang", "Khoa",
      "Khôi", "Kiên", "Lâm", "Long", "Lộc", "Minh", "Nam", "Nghĩa", "Nhân", "Phong", "Phúc", "Quân", "Quang",
      "Sơn", "Tài", "Thắng", "Thành", "Thịnh", "Tiến", "Toàn", "Trí", "Trung", "Tuấn", "Tùng", "Việt", "Vinh");
  private static final List<String> FEMALE_GIVEN = List.of(
      "An", "Anh", "Châu", "Chi", "Diệp", "Dung", "Giang", "Hà", "Hạnh", "Hằng", "Hiền", "Hoa", "Hương", "Huyền",
      "Lan", "Linh", "Loan", "Mai", "My", "Nga", "Ngân", "Ngọc", "Nhi", "Nhung", "Oanh", "Phương", "Quyên",
      "Quỳnh", "Thảo", "Thu", "Thủy", "Trang", "Trâm", "Uyên", "Vân", "Vy", "Xuân", "Yến");

  private VietnameseNames() {
  }

  /** Every word a name can be made of, by position (a middle name may also be a given one). */
  static SyntheticPopulation.NameWords words() {
    return new SyntheticPopulation.NameWords(Set.copyOf(FAMILY), union(MALE_MIDDLE, FEMALE_MIDDLE),
        union(MALE_GIVEN, FEMALE_GIVEN));
  }

  private static Set<String> union(List<String> a, List<String> b) {
    Set<String> all = new TreeSet<>(a);
    all.addAll(b);
    return Set.copyOf(all);
  }

  /**
   * A full name from three draws.
   *
   * @param draw returns a number in [0, bound) for a bound
   */
  static String fullName(boolean female, IntUnaryOperator draw) {
    String family = family(draw.applyAsInt(FAMILY_TOTAL));
    List<String> middles = female ? FEMALE_MIDDLE : MALE_MIDDLE;
    List<String> givens = female ? FEMALE_GIVEN : MALE_GIVEN;
    String middle = middles.get(draw.applyAsInt(middles.size()));
    int given = draw.applyAsInt(givens.size());
    if (givens.get(given).equals(middle)) {
      // "Minh Minh" is not a name anyone is given: take the next one.
      given = (given + 1) % givens.size();
    }
    return family + " " + middle + " " + givens.get(given);
  }

  private static String family(int point) {
    int i = 0;
    int remaining = point;
    while (remaining >= FAMILY_WEIGHTS[i]) {
      remaining -= FAMILY_WEIGHTS[i];
      i++;
    }
    return FAMILY.get(i);
  }
}
