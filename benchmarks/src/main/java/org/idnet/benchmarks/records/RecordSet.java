package org.idnet.benchmarks.records;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.regex.Pattern;
import org.idnet.identity.domain.AccountRef;
import org.idnet.identity.domain.CitizenId;
import org.idnet.identity.domain.PersonIdentity;
import org.idnet.identity.store.RealNameRows;
import org.idnet.identity.store.SyntheticPopulation;

/**
 * The records of a bulk load, each a pure function of its index and the seed, so that a resumed
 * load writes the very records a run without a stop would have written, and another program (the
 * P1/P2 benchmark, picking keys with {@link Zipf}) can name record {@code i}'s account without reading
 * the database.
 *
 * <p>Record {@code i}: account {@code <prefix><i, 8 digits>} of {@code platformId}, real-name linked
 * to its own adult citizen of the sandbox register's synthetic population (the citizen id is unique
 * per index: province, birth year 1960-1999 and a scrambled 6-digit serial; name and birth date are
 * the ones {@link SyntheticPopulation} gives that id, so the sandbox register would confirm them),
 * and bound to its own Vietnamese mobile number {@code +849<30,000,000 + i>}. Row ids and the
 * instant of registration (in 2025) come from the seed. Capacity: {@link #CAPACITY} records.
 */
public record RecordSet(long seed, String platformId, String accountPrefix) {

  /** Distinct phone numbers +84930000000-+84989999999: the limit of one set. */
  public static final long CAPACITY = 60_000_000L;
  private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9._:@-]{1,100}");
  private static final long SERIALS = 1_000_000L;
  /** Coprime to 10^6: i -> i * SCRAMBLE mod 10^6 is a permutation of the serials. */
  private static final long SCRAMBLE = 738_163L;
  private static final int FIRST_BIRTH_YEAR = 1960;
  private static final int BIRTH_YEARS = 40;
  private static final long FIRST_PHONE = 30_000_000L;
  private static final Instant EPOCH = Instant.parse("2025-01-01T00:00:00Z");
  private static final long YEAR_MICROS = 365L * 24 * 3600 * 1_000_000;
  private static final SyntheticPopulation POPULATION = new SyntheticPopulation();

  public RecordSet {
    Objects.requireNonNull(platformId, "platformId");
    if (!PREFIX.matcher(accountPrefix).matches()) {
      throw new IllegalArgumentException("an account prefix is 1-100 chars of [A-Za-z0-9._:@-]: " + accountPrefix);
    }
  }

  /** The account id of record {@code i}. */
  public String accountId(long i) {
    check(i);
    return accountPrefix + String.format("%08d", i);
  }

  /** The citizen id of record {@code i}: distinct for distinct indexes. */
  public CitizenId citizenId(long i) {
    check(i);
    long block = i / SERIALS;
    List<String> provinces = CitizenId.provinceCodes();
    String province = provinces.get((int) (block % provinces.size()));
    int year = FIRST_BIRTH_YEAR + (int) (block / provinces.size() % BIRTH_YEARS);
    boolean female = (random(i, 0).nextLong() & 1) == 1;
    long serial = (i % SERIALS) * SCRAMBLE % SERIALS;
    return CitizenId.parse(province + CitizenId.centuryDigit(year, female) + String.format("%02d%06d", year % 100, serial));
  }

  /** The person of record {@code i}, as the sandbox register knows them. */
  public PersonIdentity identity(long i) {
    SyntheticPopulation.Citizen citizen = POPULATION.citizen(citizenId(i));
    return new PersonIdentity(citizen.nationalId(), citizen.fullName(), citizen.dateOfBirth());
  }

  public String phone(long i) {
    check(i);
    return "+849" + (FIRST_PHONE + i);
  }

  /** What the whole registration of record {@code i} amounts to, for {@link RealNameRows}. */
  public RealNameRows.Registration registration(long i) {
    Instant at = EPOCH.plusNanos(Math.floorMod(random(i, 1).nextLong(), YEAR_MICROS) * 1000);
    return new RealNameRows.Registration(new AccountRef(platformId, accountId(i)), identity(i), phone(i),
        "records-" + seed + "-" + accountId(i), at);
  }

  /** Random-looking (version 4) row ids, a function of seed and index. */
  public RealNameRows.RowIds rowIds(long i) {
    check(i);
    SplittableRandom random = random(i, 2);
    return new RealNameRows.RowIds(uuid(random), uuid(random), uuid(random), uuid(random));
  }

  private SplittableRandom random(long i, int stream) {
    return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + i * 4 + stream);
  }

  private static UUID uuid(SplittableRandom random) {
    long msb = (random.nextLong() & ~0xF000L) | 0x4000L;
    long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(msb, lsb);
  }

  private static void check(long i) {
    if (i < 0 || i >= CAPACITY) {
      throw new IllegalArgumentException("a record index is 0-" + (CAPACITY - 1) + ": " + i);
    }
  }
}
