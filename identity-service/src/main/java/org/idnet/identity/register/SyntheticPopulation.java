package org.idnet.identity.register;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.Period;
import java.time.Year;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.idnet.identity.domain.CitizenId;
import org.idnet.identity.domain.PersonName;
import org.idnet.identity.domain.PopulationRegister;

/**
 * The sandbox's population register: a synthetic population in which every well-formed citizen id
 * belongs to exactly one citizen, whose name and date of birth are derived from the id (SHA-256 of
 * the id as the seed). Nothing is stored, so every instance, on every machine, knows the same
 * people, and a developer can ask {@link #sample} for people it confirms.
 *
 * <p>It answers like a register: yes only for the exact triple, the name compared after
 * normalization and without regard to case ({@link PersonName#sameIgnoringCase}).
 */
public final class SyntheticPopulation implements PopulationRegister {

  /** A citizen of the synthetic population. Printing one shows nothing personal. */
  public record Citizen(CitizenId nationalId, PersonName fullName, LocalDate dateOfBirth) {

    @Override
    public String toString() {
      return "Citizen[" + nationalId.masked() + "]";
    }
  }

  /**
   * The words synthetic names are made of, by position: the whole-suite log scan (module
   * {@code log-check}) looks for a family name followed by a middle name in every log line.
   */
  public record NameWords(Set<String> family, Set<String> middle, Set<String> given) {
  }

  /** Every family, middle and given name a synthetic citizen can have. */
  public static NameWords nameWords() {
    return VietnameseNames.words();
  }

  // Bumping the version gives everybody new names; the sandbox README would have to say so.
  private static final String CITIZEN_SEED = "idnet-synthetic-population/v1/citizen/";
  private static final String SAMPLE_SEED = "idnet-synthetic-population/v1/sample/";
  private static final int MINOR_MIN_AGE = 10;
  private static final int MINOR_MAX_AGE = 15;
  private static final int ADULT_MIN_AGE = 18;
  private static final int ADULT_MAX_AGE = 70;

  @Override
  public boolean confirms(CitizenId id, PersonName name, LocalDate dateOfBirth) {
    Citizen citizen = citizen(id);
    return citizen.dateOfBirth().equals(dateOfBirth) && citizen.fullName().sameIgnoringCase(name);
  }

  /** The one citizen holding this id. */
  public Citizen citizen(CitizenId id) {
    Draws draws = new Draws(CITIZEN_SEED + id.value());
    PersonName name = new PersonName(VietnameseNames.fullName(id.female(), draws::next));
    int year = id.birthYear();
    LocalDate born = LocalDate.ofYearDay(year, 1 + draws.next(Year.of(year).length()));
    return new Citizen(id, name, born);
  }

  /**
   * {@code count} distinct citizens, adults (18-70 years old at {@code today}) or minors (10-15),
   * always the same ones for the same day and growing as a prefix with {@code count}. Ages keep a
   * day's margin on both ends, so a service whose "today" is in another time zone agrees.
   */
  public List<Citizen> sample(int count, boolean minor, LocalDate today) {
    if (count < 0) {
      throw new IllegalArgumentException("count must not be negative");
    }
    int minAge = minor ? MINOR_MIN_AGE : ADULT_MIN_AGE;
    int maxAge = minor ? MINOR_MAX_AGE : ADULT_MAX_AGE;
    Map<CitizenId, Citizen> citizens = new LinkedHashMap<>();
    for (long i = 0; citizens.size() < count; i++) {
      Draws draws = new Draws(SAMPLE_SEED + (minor ? "minor/" : "adult/") + i);
      int year = today.getYear() - minAge - draws.next(maxAge - minAge + 1);
      boolean female = draws.next(2) == 1;
      String province = CitizenId.provinceCodes().get(draws.next(CitizenId.provinceCodes().size()));
      String id = province + CitizenId.centuryDigit(year, female) + "%02d".formatted(year % 100)
          + "%06d".formatted(draws.next(1_000_000));
      Citizen citizen = citizen(CitizenId.parse(id));
      if (age(citizen, today.minusDays(1)) >= minAge && age(citizen, today.plusDays(1)) <= maxAge) {
        citizens.putIfAbsent(citizen.nationalId(), citizen);
      }
    }
    return List.copyOf(citizens.values());
  }

  private static int age(Citizen citizen, LocalDate at) {
    return Period.between(citizen.dateOfBirth(), at).getYears();
  }

  /** Uniform-enough draws from SHA-256 of a seed, extended by counter when one digest runs out. */
  static final class Draws {

    private final byte[] seed;
    private ByteBuffer block;
    private int counter;

    Draws(String seed) {
      this.seed = seed.getBytes(StandardCharsets.UTF_8);
      this.block = ByteBuffer.wrap(sha256(this.seed, -1));
    }

    /** A number in [0, bound). */
    int next(int bound) {
      if (block.remaining() < Long.BYTES) {
        block = ByteBuffer.wrap(sha256(seed, counter++));
      }
      return (int) Long.remainderUnsigned(block.getLong(), bound);
    }

    private static byte[] sha256(byte[] seed, int counter) {
      try {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        digest.update(seed);
        if (counter >= 0) {
          digest.update(ByteBuffer.allocate(Integer.BYTES).putInt(counter).array());
        }
        return digest.digest();
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("every JDK has SHA-256", e);
      }
    }
  }
}
