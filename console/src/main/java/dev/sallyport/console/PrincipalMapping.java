package dev.sallyport.console;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.sallyport.model.Principal;
import java.util.Optional;

/**
 * Turns the verified claims of a person's ID token into their principal: tenant from the configured
 * claim, roles from their IdP groups. The identity layer supplies it, so that the console and
 * bearer tokens map people the same way. Empty when the claims do not name a person of a known
 * tenant: then nobody is signed in.
 */
@FunctionalInterface
public interface PrincipalMapping {
  Optional<Principal> map(JWTClaimsSet claims);
}
