package dev.sallyport.secrets;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import dev.sallyport.model.TenantId;
import dev.sallyport.testing.TestingClock;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The credential never leaves the lease: it is used in every way that works and made to fail in
 * every way we know, and then every exception (message, {@code toString}, stack trace with causes
 * and suppressed), every lease and secret {@code toString}, every ledger event, and every operator
 * log line (captured at TRACE through Logback) is searched for the value, for every 8-character
 * piece of it, and for the Vault token. None may contain any.
 */
class CredentialsNeverLeakTest {
  private static final String CANARY = "Zq8-LEAKCANARY-k3Vw9";
  private static final String TOKEN_MARK = "TESTINGVAULTTOKEN";
  private static final TenantId ACME = TenantId.of("acme");

  @TempDir Path root;

  private final TestingClock clock = new TestingClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final RecordingLeaseAudit audit = new RecordingLeaseAudit();
  private final List<String> searched = new ArrayList<>();
  private final List<Throwable> failures = new ArrayList<>();
  private ListAppender<ILoggingEvent> logs;
  private Level previousLevel;
  private TestingVault vault;
  private VaultSecretStore vaultStore;
  private CredentialBroker broker;
  private TenantPaths paths;

  @BeforeEach
  void setUp() throws Exception {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    ch.qos.logback.classic.Logger rootLogger = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    previousLevel = rootLogger.getLevel();
    rootLogger.setLevel(Level.TRACE);
    logs = new ListAppender<>();
    logs.setContext(context);
    logs.start();
    rootLogger.addAppender(logs);

    Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx------"));
    Files.createDirectory(root.resolve("acme"));
    Files.createDirectory(root.resolve("globex"));
    write(root.resolve("acme/token"), CANARY.getBytes(UTF_8), "rw-------");
    write(root.resolve("acme/world-readable"), CANARY.getBytes(UTF_8), "rw-r--r--");
    byte[] notUtf8 = (CANARY + "\u00ff").getBytes(UTF_8);
    notUtf8[notUtf8.length - 1] = (byte) 0x28;
    write(root.resolve("acme/not-utf8"), notUtf8, "rw-------");
    write(root.resolve("globex/token"), CANARY.getBytes(UTF_8), "rw-------");
    Files.createSymbolicLink(root.resolve("acme/escape"), root.resolve("globex/token"));
    paths = new TenantPaths(root + "/{tenant}/", "kv/data/{tenant}/", "database-{tenant}/creds/");

    vault = new TestingVault(clock);
    vault.putKv("kv/data/acme/erp", Map.of("token", CANARY, "list", List.of(1)));
    vault.putRole(
        "database-acme/creds/readonly",
        new TestingVault.Role(
            Map.of("username", "v-acme", "password", CANARY),
            Duration.ofMinutes(10),
            Duration.ofHours(1),
            true));
    vaultStore =
        VaultSecretStore.create(
            VaultSettings.of(vault.address()),
            VaultToken.fromEnvironment(Map.of("VAULT_TOKEN", TestingVault.TOKEN), "VAULT_TOKEN"),
            paths);
    broker =
        new CredentialBroker(
            List.of(
                vaultStore,
                new FileSecretStore(paths),
                new EnvironmentSecretStore(
                    Map.of("SALLYPORT_ACME__ERP_TOKEN", CANARY, "SALLYPORT_GLOBEX__T", CANARY))),
            paths,
            LeaseSettings.defaults(),
            audit,
            clock);
  }

  @AfterEach
  void tearDown() {
    broker.close();
    vaultStore.close();
    vault.close();
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    ch.qos.logback.classic.Logger rootLogger = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    rootLogger.detachAppender(logs);
    rootLogger.setLevel(previousLevel);
  }

  @Test
  void noResponseErrorLogOrLedgerEventEverContainsTheCredential() throws Exception {
    usesEveryStoreSuccessfully();
    failsInEveryWayAtVault();
    failsInEveryWayWithFilesAndVariables();
    failsInEveryWayAroundTheLease();

    for (Throwable failure : failures) {
      describe(failure);
    }
    for (LeaseEvent event : audit.events()) {
      searched.add(event.toString());
      searched.add(event.type() + " " + event.outcome() + " " + event.reasonCode());
    }
    for (ILoggingEvent event : logs.list) {
      searched.add(event.getFormattedMessage());
      searched.add(event.getLoggerName() + " " + event.getMDCPropertyMap());
      if (event.getThrowableProxy() != null) {
        searched.add(ThrowableProxyUtil.asString(event.getThrowableProxy()));
      }
    }
    searched.add(broker.toString());
    searched.add(vaultStore.toString());

    // The search was over something: the value was used, and it failed in many ways.
    assertThat(failures).hasSizeGreaterThan(25);
    assertThat(audit.types()).contains("lease.granted", "lease.revoked", "lease.failed");
    assertThat(logs.list).isNotEmpty();
    for (String text : searched) {
      assertThat(text).doesNotContain(CANARY).doesNotContain(TOKEN_MARK);
      for (int i = 0; i + 8 <= CANARY.length(); i++) {
        assertThat(text).doesNotContain(CANARY.substring(i, i + 8));
      }
    }
  }

  private void usesEveryStoreSuccessfully() throws Exception {
    for (String reference :
        List.of(
            "vault:kv/data/acme/erp#token",
            "vault-dynamic:database-acme/creds/readonly#password",
            "file:" + root + "/acme/token",
            "env:SALLYPORT_ACME__ERP_TOKEN")) {
      try (Lease lease = broker.lease(ACME, SecretReference.parse(reference))) {
        char[] value = lease.secret().revealChars();
        assertThat(new String(value)).isEqualTo(CANARY);
        Arrays.fill(value, '\0');
        searched.add(lease.toString());
        searched.add(lease.secret().toString());
        searched.add(String.valueOf(lease.fieldNames()));
        lease.renew(Duration.ofSeconds(30));
        searched.add(lease.toString());
      }
    }
    try (Lease lease =
        broker.lease(ACME, SecretReference.parse("vault-dynamic:database-acme/creds/readonly"))) {
      searched.add(lease.toString());
      attempt(lease::secret);
      attempt(() -> lease.field("nope"));
    }
  }

  private void failsInEveryWayAtVault() throws Exception {
    SecretReference kv = SecretReference.parse("vault:kv/data/acme/erp#token");
    SecretReference dynamic =
        SecretReference.parse("vault-dynamic:database-acme/creds/readonly#password");
    String body = "{\"data\":{\"data\":{\"token\":\"" + CANARY + "\"}}}";
    for (int status : new int[] {400, 401, 403, 404, 429, 500, 503, 307}) {
      vault.failNext("kv/", status, "{\"errors\":[\"" + CANARY + "\"]}");
      attemptLease(kv);
    }
    for (String garbage :
        List.of(
            body + " trailing " + CANARY,
            body + "{}",
            "{\"data\":{\"data\":{\"token\":" + CANARY + "}}}",
            "{\"data\":{\"data\":{\"token\":[\"" + CANARY + "\"]}}}",
            "{\"data\":{\"data\":{\"token\":\"" + CANARY + "\",\"token\":\"" + CANARY + "\"}}}",
            "{\"data\":{\"data\":{\"token\":\"" + CANARY + "\\ud800\"}}}",
            "{\"data\":{\"data\":{\"token\":\"" + CANARY,
            CANARY)) {
      vault.failNext("kv/", 200, garbage);
      attemptLease(kv);
    }
    vault.failNext("kv/", 200, (body + " ".repeat(70_000) + CANARY).getBytes(UTF_8));
    attemptLease(kv);
    // Its own store, with a short timeout: a slow machine must not time out the other requests.
    try (VaultSecretStore impatient =
        VaultSecretStore.create(
            VaultSettings.of(vault.address()).withTimeout(Duration.ofMillis(300)),
            VaultToken.fromEnvironment(Map.of("VAULT_TOKEN", TestingVault.TOKEN), "VAULT_TOKEN"),
            paths)) {
      vault.hangNext("kv/");
      attempt(() -> impatient.lease(ACME, kv, Duration.ofSeconds(60)));
    }

    attemptLease(SecretReference.parse("vault-dynamic:database-acme/creds/readonly#token"));
    vault.failNext(
        "database-acme/",
        200,
        "{\"lease_id\":\""
            + CANARY
            + " x\",\"lease_duration\":60,\"data\":{\"p\":\""
            + CANARY
            + "\"}}");
    attemptLease(dynamic);
    vault.failNext(
        "database-acme/",
        200,
        "{\"lease_id\":\"database-acme/creds/readonly/1\",\"lease_duration\":\"" + CANARY + "\"}");
    attemptLease(dynamic);

    Lease lease = broker.lease(ACME, dynamic);
    vault.failNext("sys/leases/renew", 200, "{\"lease_duration\":" + CANARY + "}");
    attempt(() -> lease.renew(Duration.ofSeconds(30)));
    vault.failNext("sys/leases/renew", 500, "{\"errors\":[\"" + CANARY + "\"]}");
    attempt(() -> lease.renew(Duration.ofSeconds(30)));
    vault.failNext("sys/leases/revoke", 500, "{\"errors\":[\"" + CANARY + "\"]}");
    lease.close();
    broker.revokeExpired();
    assertThat(vault.activeLeases()).isEmpty();

    for (String token : List.of(CANARY + "\r\nX: y", CANARY + " ", CANARY)) {
      try (VaultSecretStore badToken =
          VaultSecretStore.create(
              VaultSettings.of(vault.address()),
              VaultToken.fromEnvironment(Map.of("VAULT_TOKEN", token), "VAULT_TOKEN"),
              paths)) {
        attempt(() -> badToken.lease(ACME, kv, Duration.ofSeconds(60)));
      }
    }
  }

  private void failsInEveryWayWithFilesAndVariables() {
    attemptLease(SecretReference.parse("file:" + root + "/acme/world-readable"));
    attemptLease(SecretReference.parse("file:" + root + "/acme/not-utf8"));
    attemptLease(SecretReference.parse("file:" + root + "/acme/escape"));
    attemptLease(SecretReference.parse("file:" + root + "/globex/token"));
    attemptLease(SecretReference.parse("env:SALLYPORT_GLOBEX__T"));
    attempt(() -> VaultToken.fromFile(root.resolve("acme/world-readable")).current());
    for (String text :
        List.of(
            CANARY,
            "env:" + CANARY,
            "file:/x/" + CANARY + " ",
            "vault:kv/data/acme/" + CANARY,
            "vault:kv/data/acme/x#" + CANARY + "!",
            "vault-dynamic:" + CANARY,
            "file:/x/%2e%2e/" + CANARY)) {
      attempt(() -> SecretReference.parse(text));
      attempt(() -> VaultToken.fromReference(text, Map.of()));
    }
  }

  private void failsInEveryWayAroundTheLease() {
    SecretReference kv = SecretReference.parse("vault:kv/data/acme/erp#token");
    audit.failOn(e -> e instanceof LeaseEvent.Granted, "ledger down near " + CANARY);
    attemptLease(kv);
    audit.failOn(e -> false, "");

    SecretStore throwing =
        new SecretStore() {
          @Override
          public Set<SecretReference.Scheme> schemes() {
            return Set.of(SecretReference.Scheme.FILE);
          }

          @Override
          public StoreLease lease(TenantId tenant, SecretReference reference, Duration ttl) {
            throw new IllegalStateException("store bug holding " + CANARY);
          }
        };
    try (CredentialBroker other =
        new CredentialBroker(List.of(throwing), paths, LeaseSettings.defaults(), audit, clock)) {
      attempt(() -> other.lease(ACME, SecretReference.parse("file:" + root + "/acme/token")));
    }
    attempt(() ->
        broker.lease(LeaseRequest.of(ACME, kv).withTtl(Duration.ofHours(1)).forAction("act-9")));
  }

  private void attemptLease(SecretReference reference) {
    attempt(() -> broker.lease(ACME, reference).close());
  }

  private void attempt(ThrowingAction action) {
    try {
      action.run();
    } catch (Throwable t) {
      failures.add(t);
      return;
    }
    throw new AssertionError("expected a failure");
  }

  private void describe(Throwable failure) {
    searched.add(String.valueOf(failure));
    searched.add(String.valueOf(failure.getMessage()));
    searched.add(String.valueOf(failure.getLocalizedMessage()));
    StringWriter trace = new StringWriter();
    failure.printStackTrace(new PrintWriter(trace));
    searched.add(trace.toString());
    if (failure instanceof SecretUnavailableException e) {
      searched.add(e.reference() + " " + e.reason());
    }
  }

  private static void write(Path file, byte[] content, String mode) throws Exception {
    Files.write(file, content);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
  }

  @FunctionalInterface
  private interface ThrowingAction {
    void run() throws Exception;
  }
}
