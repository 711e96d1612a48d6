package dev.sallyport.ledger.note;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sallyport.ledger.LedgerFormatException;

class ProbeFuzzTest {
  @FuzzTest
  void probe(FuzzedDataProvider data) {
    try {
      SignedNote.parse(data.consumeRemainingAsBytes());
    } catch (LedgerFormatException e) {
      // expected
    }
  }
}
