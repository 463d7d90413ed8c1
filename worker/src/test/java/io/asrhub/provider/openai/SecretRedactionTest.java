package io.asrhub.provider.openai;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SecretRedactionTest {
    private static final String KEY = "sk-proj-AbCdEf0123456789xyz";

    @Test
    void anEchoedAuthorizationHeaderLosesItsToken() {
        String body = "{\"error\":\"bad request\",\"headers\":{\"Authorization\":\"Bearer " + KEY + "\"}}";
        String out = SecretRedaction.redact(body, KEY);
        assertFalse(out.contains("AbCdEf"), out);
        assertTrue(out.contains("bad request"), out);
    }

    @Test
    void tokensAreRedactedEvenWhenTheyAreNotOurKey() {
        String out = SecretRedaction.redact("denied: Bearer other-token-123 api_key=zzz999 "
                + "x-api-key: abc sk-live_4242424242 eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.sig", null);
        for (String secret : new String[]{"other-token-123", "zzz999", "abc", "4242424242", "eyJhbGci"}) {
            assertFalse(out.contains(secret), secret + " leaked: " + out);
        }
        assertTrue(out.startsWith("denied:"), out);
    }

    @Test
    void longBodiesAreCapped() {
        String out = SecretRedaction.redact("model overloaded ".repeat(100), null);
        assertEquals(SecretRedaction.MAX_LENGTH + 1, out.length());
    }
}
