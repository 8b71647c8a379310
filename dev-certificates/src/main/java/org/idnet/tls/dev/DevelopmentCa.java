package org.idnet.tls.dev;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * A development certificate authority: an ECDSA P-256 root that issues each idnet service a key
 * and certificate with the SPIFFE id {@code spiffe://idnet/<service>} (the one URI SAN) and the DNS
 * name {@code localhost}, usable as TLS server and client. Files come out in the shape
 * cert-manager writes into a secret volume: {@code tls.crt}, {@code tls.key} (PKCS#8) and
 * {@code ca.crt} in one directory. For the sandbox and tests only.
 */
public final class DevelopmentCa {

  public static final String CERTIFICATE = "tls.crt";
  public static final String KEY = "tls.key";
  public static final String CA = "ca.crt";
  private static final String SPIFFE_PREFIX = "spiffe://idnet/";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final KeyPair keys;
  private final X509Certificate certificate;

  private DevelopmentCa(KeyPair keys, X509Certificate certificate) {
    this.keys = keys;
    this.certificate = certificate;
  }

  /** A new CA in memory, valid for {@code validity} from now. */
  public static DevelopmentCa create(String name, Duration validity) {
    KeyPair keys = newKeyPair();
    X500Name subject = new X500Name("CN=" + name + ",O=idnet development");
    Instant now = Instant.now();
    try {
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial(),
          Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(validity)), subject, keys.getPublic())
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
          .addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(keys.getPublic()));
      return new DevelopmentCa(keys, sign(builder, keys.getPrivate()));
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot create a development CA", e);
    }
  }

  /** The CA kept in {@code directory} ({@code ca.crt}, {@code ca.key}), created there first if absent. */
  public static DevelopmentCa createOrLoad(Path directory, String name, Duration validity) {
    Path crt = directory.resolve(CA);
    Path key = directory.resolve("ca.key");
    try {
      if (Files.isRegularFile(crt) && Files.isRegularFile(key)) {
        return new DevelopmentCa(new KeyPair(readCertificate(crt).getPublicKey(), readKey(key)), readCertificate(crt));
      }
      DevelopmentCa ca = create(name, validity);
      Files.createDirectories(directory);
      writeAtomically(key, pem(new PemObject("PRIVATE KEY", ca.keys.getPrivate().getEncoded())), true);
      writeAtomically(crt, pem(ca.certificate), false);
      return ca;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or write the development CA in " + directory, e);
    }
  }

  public X509Certificate certificate() {
    return certificate;
  }

  /** A new key and certificate for {@code service}, valid for {@code validity} from now. */
  public Issued issue(String service, Duration validity) {
    return issueForUri(SPIFFE_PREFIX + service, validity);
  }

  /** Issues {@code service} a key and certificate valid for a day, written to {@code root/<service>}. */
  public Path issueTo(Path root, String service) {
    return issue(service, Duration.ofDays(1)).writeTo(root.resolve(service));
  }

  /** Like {@link #issue(String, Duration)} but with any URI as the certificate's URI SAN (tests of odd names). */
  public Issued issueForUri(String uri, Duration validity) {
    return issueForUris(validity, uri);
  }

  /** Like {@link #issueForUri(String, Duration)} with every one of {@code uris} as a URI SAN, in order. */
  public Issued issueForUris(Duration validity, String... uris) {
    KeyPair leaf = newKeyPair();
    Instant now = Instant.now();
    try {
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(certificate, serial(),
          Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(validity)),
          new X500Name("O=idnet development"), leaf.getPublic())
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
          .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
              new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}))
          .addExtension(Extension.subjectAlternativeName, true, new GeneralNames(names(uris)))
          .addExtension(Extension.authorityKeyIdentifier, false, extensions.createAuthorityKeyIdentifier(certificate))
          .addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(leaf.getPublic()));
      return new Issued(leaf.getPrivate(), sign(builder, keys.getPrivate()), certificate);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot issue a development certificate for " + String.join(", ", uris), e);
    }
  }

  /**
   * A server certificate for a store (PostgreSQL, Redis) naming exactly {@code hostNames} as DNS
   * SANs: no SPIFFE id and no loopback names of its own, so a client that connects by any other name
   * must refuse it (verify-full, hostname verification).
   */
  public Issued issueServer(Duration validity, String... hostNames) {
    if (hostNames.length == 0) {
      throw new IllegalArgumentException("a server certificate names at least one host");
    }
    KeyPair leaf = newKeyPair();
    Instant now = Instant.now();
    GeneralName[] names = new GeneralName[hostNames.length];
    for (int i = 0; i < hostNames.length; i++) {
      names[i] = new GeneralName(GeneralName.dNSName, hostNames[i]);
    }
    try {
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(certificate, serial(),
          Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(validity)),
          new X500Name("CN=" + hostNames[0] + ",O=idnet development"), leaf.getPublic())
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
          .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
          .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names))
          .addExtension(Extension.authorityKeyIdentifier, false, extensions.createAuthorityKeyIdentifier(certificate))
          .addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(leaf.getPublic()));
      return new Issued(leaf.getPrivate(), sign(builder, keys.getPrivate()), certificate);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot issue a development server certificate for "
          + String.join(", ", hostNames), e);
    }
  }

  /** The URIs, then the loopback names every development certificate carries. */
  private static GeneralName[] names(String... uris) {
    GeneralName[] names = new GeneralName[uris.length + 2];
    for (int i = 0; i < uris.length; i++) {
      names[i] = new GeneralName(GeneralName.uniformResourceIdentifier, uris[i]);
    }
    names[uris.length] = new GeneralName(GeneralName.dNSName, "localhost");
    names[uris.length + 1] = new GeneralName(GeneralName.iPAddress, "127.0.0.1");
    return names;
  }

  /** A service's key, certificate and the CA that signed it. */
  public record Issued(PrivateKey key, X509Certificate certificate, X509Certificate ca) {

    /** A TLS server context presenting this certificate and its CA: for HTTPS stand-ins in tests. */
    public javax.net.ssl.SSLContext serverContext() {
      try {
        char[] password = "development".toCharArray();
        java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("server", key, password, new java.security.cert.Certificate[] {certificate, ca});
        javax.net.ssl.KeyManagerFactory keys = javax.net.ssl.KeyManagerFactory.getInstance(
            javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, password);
        javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return context;
      } catch (IOException | GeneralSecurityException e) {
        throw new IllegalStateException("cannot build a TLS server context", e);
      }
    }

    /**
     * Writes {@code tls.key}, {@code tls.crt} and {@code ca.crt} into {@code directory} (created if
     * needed), each file replaced atomically; the key readable by its owner only.
     */
    public Path writeTo(Path directory) {
      try {
        Files.createDirectories(directory);
        writeAtomically(directory.resolve(KEY), pem(new PemObject("PRIVATE KEY", key.getEncoded())), true);
        writeAtomically(directory.resolve(CERTIFICATE), pem(certificate), false);
        writeAtomically(directory.resolve(CA), pem(ca), false);
        return directory;
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write TLS files to " + directory, e);
      }
    }
  }

  /** The certificate in a PEM file. */
  public static X509Certificate readCertificate(Path file) throws IOException {
    try (PEMParser parser = new PEMParser(new StringReader(Files.readString(file)))) {
      Object read = parser.readObject();
      if (!(read instanceof X509CertificateHolder holder)) {
        throw new IOException(file + " holds no certificate");
      }
      return new JcaX509CertificateConverter().getCertificate(holder);
    } catch (GeneralSecurityException e) {
      throw new IOException(file + " holds no readable certificate", e);
    }
  }

  private static PrivateKey readKey(Path file) throws IOException {
    try (PEMParser parser = new PEMParser(new StringReader(Files.readString(file)))) {
      Object read = parser.readObject();
      if (!(read instanceof PrivateKeyInfo info)) {
        throw new IOException(file + " holds no PKCS#8 private key");
      }
      return new JcaPEMKeyConverter().getPrivateKey(info);
    }
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer)
      throws GeneralSecurityException {
    try {
      return new JcaX509CertificateConverter().getCertificate(
          builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException(e);
    }
  }

  private static KeyPair newKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("no ECDSA P-256 in this JVM", e);
    }
  }

  private static BigInteger serial() {
    return new BigInteger(127, RANDOM).add(BigInteger.ONE);
  }

  private static String pem(Object object) throws IOException {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(object);
    }
    return out.toString();
  }

  /** Write beside, then move over: a reader (a service reloading its files) never sees half a file. */
  private static void writeAtomically(Path file, String content, boolean secret) throws IOException {
    Path temporary = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp");
    try {
      if (secret) {
        restrictToOwner(temporary);
      }
      Files.writeString(temporary, content, StandardCharsets.US_ASCII);
      Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  private static void restrictToOwner(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system (Windows): the directory's own permissions apply
    }
  }
}
