package org.idnet.sandbox;

/** The lines the sandbox prints once it is ready: phone binding, end to end, with curl. */
final class Walkthrough {

  private Walkthrough() {
  }

  /**
   * The shell line that finds the token endpoint in the issuer's discovery document, as the README
   * prints it: the light issuer pretty-prints its JSON and Keycloak does not, so blanks go first. The
   * end-to-end tests run this very line with bash on both issuers.
   */
  static String tokenUrlCommand(String issuer) {
    return "TOKEN_URL=$(curl -s " + issuer + "/.well-known/openid-configuration \\\n"
        + "  | tr -d ' \\n' | grep -o '\"token_endpoint\":\"[^\"]*' | head -1 | cut -d'\"' -f4); echo \"$TOKEN_URL\"";
  }

  static String text(String gateway, String issuer, int webhookReceiverPort, String samplePlatform, String web,
      boolean keycloak) {
    return """

        Gateway   %1$s
        Issuer    %2$s  (client credentials; clients in README, secret = <client-id>-secret)
        API docs  %1$s/swagger-ui.html  (Authorize with a client id and its secret, then try a route)
        Pages     %6$s  (transparency report %6$s/transparency; agency console %6$s/console%7$s)

        Walkthrough: bind a phone number to platform-a's account "alice".

          # 0. the issuer's token endpoint, from its discovery document
          %3$s

          # 1. a token for platform-a
          TOKEN=$(curl -s -u platform-a:platform-a-secret -d grant_type=client_credentials "$TOKEN_URL" \\
            | tr -d ' \\n' | sed -E 's/.*"access_token":"([^"]+)".*/\\1/')

          # 2. start a verification (the code goes out by SMS)
          ID=$(curl -s -X POST %1$s/v1/phone-verifications -H "Authorization: Bearer $TOKEN" \\
            -H 'Content-Type: application/json' -d '{"accountId":"alice","phoneNumber":"0912345678"}' \\
            | sed -E 's/.*"id":"([^"]+)".*/\\1/'); echo "$ID"

          # 3. read the SMS in the sandbox outbox
          curl -s '%1$s/sandbox/sms?to=%%2B84912345678'; echo
          CODE=$(curl -s '%1$s/sandbox/sms?to=%%2B84912345678' | grep -o '"text":"[^"]*' | head -1 \\
            | grep -oE '[0-9]{6}'); echo "$CODE"

          # 4. check the code
          curl -s -X POST %1$s/v1/phone-verifications/$ID/check -H "Authorization: Bearer $TOKEN" \\
            -H 'Content-Type: application/json' -d "{\\"code\\":\\"$CODE\\"}"; echo

          # 5. the account now reads PHONE-verified
          curl -s %1$s/v1/accounts/alice/verification -H "Authorization: Bearer $TOKEN"; echo

        More walkthroughs in README.md: real names and pairwise subjects, batch look-ups, number
        recycling, webhooks (a receiver listens at http://127.0.0.1:%4$d; what was delivered is at
        %1$s/sandbox/webhooks), and a lawful disclosure from filing to the audited, expiring package.

        Hosted verification: open %5$s/ , the sample platform (platform-a): "Verify with idnet"
        creates a verification session and sends the browser to idnet's pages, which come back to the
        sample platform's /return with a result it redeems server-side (README, "Walkthrough: the
        hosted verification"). The SMS code is in %1$s/sandbox/sms, test citizens in
        %1$s/sandbox/citizens.

        Ctrl-C stops the sandbox; its data stays for the next start.
        """.formatted(gateway, issuer, tokenUrlCommand(issuer).replace("\n", "\n  "), webhookReceiverPort,
        samplePlatform, web, keycloak ? ": staff sign in with password and one-time code, README"
            : ": needs bin/sandbox --keycloak");
  }
}
