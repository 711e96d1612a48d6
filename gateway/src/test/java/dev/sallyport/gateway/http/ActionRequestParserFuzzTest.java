package dev.sallyport.gateway.http;

import com.code_intelligence.jazzer.junit.FuzzTest;

class ActionRequestParserFuzzTest {
  private final ActionRequestParser parser = new ActionRequestParser(new JsonBodies());

  @FuzzTest
  void parsesOrRefusesAnyBody(byte[] body) {
    try {
      parser.parse(body);
    } catch (MalformedRequestException expected) {
      // The declared outcome for a body the API does not accept.
    }
  }
}
