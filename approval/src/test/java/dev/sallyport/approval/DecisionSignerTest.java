package dev.sallyport.approval;

import static dev.sallyport.approval.ApprovalFixtures.NOW;
import static dev.sallyport.approval.ApprovalFixtures.person;
import static dev.sallyport.approval.ApprovalFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DecisionSignerTest {
  private final KeyPair key = ApprovalFixtures.ed25519();
  private final DecisionSigner signer = new DecisionSigner(tenant -> Optional.of(key));

  @Test
  void theRecordNamesTheCallTheOutcomeAndTheApproverAndVerifies() {
    ApprovalRequest request = request("a1");
    Vote vote =
        new Ballot(
                person("fiona", "finance-leads"), "Fiona Lead", Verdict.APPROVE, Optional.of("ok"))
            .toVote(NOW.plusSeconds(30));

    SignedDecision decision =
        signer.sign(request, new ApprovalStatus.Approved(List.of(vote)), NOW.plusSeconds(30));

    assertThat(decision.canonicalJson())
        .contains("\"outcome\":\"approved\"")
        .contains("\"approver\":\"fiona\"")
        .contains("\"name\":\"Fiona Lead\"")
        .contains("\"args_sha256\":\"" + request.argumentsDigest() + "\"")
        .contains("\"action\":\"a1\"");
    assertThat(DecisionSigner.verify(decision, key.getPublic())).isTrue();
  }

  @Test
  void anEditedRecordOrAnotherKeyDoesNotVerify() {
    SignedDecision decision =
        signer.sign(request("a1"), new ApprovalStatus.Expired(NOW), NOW.plusSeconds(900));
    SignedDecision edited =
        new SignedDecision(
            decision.canonicalJson().replace("expired", "approved"), decision.signature());

    assertThat(DecisionSigner.verify(edited, key.getPublic())).isFalse();
    assertThat(DecisionSigner.verify(decision, ApprovalFixtures.ed25519().getPublic())).isFalse();
    assertThat(
            DecisionSigner.verify(
                new SignedDecision(decision.canonicalJson(), "***"), key.getPublic()))
        .isFalse();
  }

  @Test
  void aPendingApprovalIsNeverSigned() {
    assertThatThrownBy(() -> signer.sign(request("a1"), new ApprovalStatus.Pending(List.of()), NOW))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
