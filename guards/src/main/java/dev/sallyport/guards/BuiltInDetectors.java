package dev.sallyport.guards;

import dev.sallyport.guards.pii.Detector;
import dev.sallyport.guards.pii.EmailDetector;
import dev.sallyport.guards.pii.IbanDetector;
import dev.sallyport.guards.pii.IpAddressDetector;
import dev.sallyport.guards.pii.PaymentCardDetector;
import dev.sallyport.guards.pii.PhoneDetector;
import dev.sallyport.guards.pii.PiiScanner;
import dev.sallyport.guards.pii.UkNinoDetector;
import dev.sallyport.guards.pii.UsSsnDetector;
import dev.sallyport.guards.secrets.SecretDetector;
import java.util.ArrayList;
import java.util.List;

/** The detectors that ship with Sallyport, and a scanner over all of them. */
public final class BuiltInDetectors {
  /** The confidence below which findings are not reported by default. */
  public static final double DEFAULT_MIN_CONFIDENCE = 0.5;

  private BuiltInDetectors() {}

  /** The validated identifiers: e-mail, phone, card, IBAN, SSN, NINO, IP. */
  public static List<Detector> identifiers() {
    return List.of(
        new EmailDetector(),
        new PhoneDetector(),
        new PaymentCardDetector(),
        new IbanDetector(),
        new UsSsnDetector(),
        new UkNinoDetector(),
        new IpAddressDetector());
  }

  /** API keys, tokens, passwords and private keys. */
  public static List<Detector> secrets() {
    return List.of(SecretDetector.withDefaultRules());
  }

  public static List<Detector> all() {
    List<Detector> all = new ArrayList<>(identifiers());
    all.addAll(secrets());
    return List.copyOf(all);
  }

  /** A scanner over every built-in detector with the default limits and confidence. */
  public static PiiScanner scanner() {
    return new PiiScanner(all(), GuardLimits.defaults(), DEFAULT_MIN_CONFIDENCE);
  }
}
