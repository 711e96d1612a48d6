package dev.sallyport.executor;

import static java.util.Objects.requireNonNull;

import dev.sallyport.executor.connector.DispatchResult;
import dev.sallyport.model.ErrorCode;
import java.util.Map;

/** What the executor did with one request. Switch over it exhaustively at the edge. */
public sealed interface ExecutionOutcome {
  /** The grant verified and the request was sent once; the system's answer is in {@code result}. */
  record Dispatched(DispatchResult result) implements ExecutionOutcome {
    public Dispatched {
      requireNonNull(result, "result is null");
    }
  }

  /** A dry run: recorded, nothing sent; {@code wouldSend} is what would have been sent. */
  record DryRun(Map<String, Object> wouldSend) implements ExecutionOutcome {
    public DryRun {
      wouldSend = Map.copyOf(wouldSend);
    }
  }

  /**
   * The grant did not permit this call: nothing was sent. The reason is in the executor's ledger
   * ({@code executor.signature_rejected}); the caller learns only "invalid grant".
   */
  record Refused() implements ExecutionOutcome {}

  /**
   * Nothing was sent, for a reason other than the grant: the executor could not record the
   * dispatch, lease the credential, or map the call to a request.
   */
  record NotSent(ErrorCode code, String detail) implements ExecutionOutcome {
    public NotSent {
      requireNonNull(code, "code is null");
      requireNonNull(detail, "detail is null");
    }
  }

  /**
   * A separate executor could not be reached, or its answer was lost: whether the call was sent is
   * known only to the executor's ledger. Never retried, because a retry might send twice.
   */
  record Unavailable(String detail) implements ExecutionOutcome {
    public Unavailable {
      requireNonNull(detail, "detail is null");
    }
  }
}
