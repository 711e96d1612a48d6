package dev.sallyport.approval;

import static dev.sallyport.approval.ApprovalFixtures.NOW;
import static dev.sallyport.approval.ApprovalFixtures.person;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ApprovalCodecTest {
  @Test
  void aRequestRoundTripsWithItsHeldCallAndDigest() {
    ApprovalRequest request = ApprovalFixtures.request("a1");

    ApprovalRequest decoded = ApprovalCodec.decodeRequest(ApprovalCodec.encode(request));

    assertThat(decoded).isEqualTo(request);
    assertThat(decoded.argumentsDigest()).isEqualTo(request.argumentsDigest());
    assertThat(decoded.call().principal()).isEqualTo(request.call().principal());
  }

  @Test
  void aVoteRoundTrips() {
    Vote vote =
        new Ballot(person("fiona", "finance-leads"), "Fiona", Verdict.REJECT, Optional.of("no"))
            .toVote(NOW);

    assertThat(ApprovalCodec.decodeVote(ApprovalCodec.encode(vote))).isEqualTo(vote);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "[]",
        "{\"v\":1}",
        "{\"v\":2,\"id\":\"a\"}",
        "{\"approver\":\"x\",\"name\":\"x\",\"groups\":[],\"verdict\":\"maybe\",\"at\":\"2026-01-01T00:00:00Z\"}",
      })
  void damagedRowsAreErrorsNotApprovals(String json) {
    assertThatThrownBy(
            () -> {
              if (json.contains("verdict")) {
                ApprovalCodec.decodeVote(json);
              } else {
                ApprovalCodec.decodeRequest(json);
              }
            })
        .isInstanceOf(IllegalArgumentException.class);
  }
}
