package dev.sallyport.guards.secrets;

import java.util.List;

/**
 * The built-in vendor token formats: documented prefixes and lengths, in the spirit of the gitleaks
 * rules (MIT). Each pattern is matched against one whole token (a maximal run of {@code
 * [A-Za-z0-9_\-+/=.~]}), so a rule can neither run past the token nor match inside a longer one.
 * Formats without a distinctive prefix (Mailchimp, Sourcegraph's old tokens, Heroku UUIDs) are left
 * to the keyword rule in {@link SecretDetector}. Keys that vendors publish by design (Google API
 * keys, Stripe publishable keys) are reported as {@code PUBLISHABLE_KEY}, not {@code SECRET}: the
 * policy decides whether to redact them, and they do not count as leaked secrets.
 */
public final class SecretRules {
  private SecretRules() {}

  public static List<SecretRule> defaults() {
    return List.of(
        // Cloud providers
        SecretRule.of("aws-access-key-id", "AKIA", "AKIA[A-Z2-7]{16}", 20, 3.0, 0.9),
        SecretRule.of("aws-access-key-id", "ASIA", "ASIA[A-Z2-7]{16}", 20, 3.0, 0.9),
        SecretRule.of("aws-access-key-id", "ABIA", "ABIA[A-Z2-7]{16}", 20, 3.0, 0.9),
        SecretRule.of("aws-access-key-id", "ACCA", "ACCA[A-Z2-7]{16}", 20, 3.0, 0.9),
        SecretRule.of(
            "aws-bedrock-api-key", "ABSK", "ABSK[A-Za-z0-9+/]{109,269}={0,2}", 280, 4.0, 0.9),
        // Google API keys identify a project to Google; they ship inside web pages and mobile apps
        // (Maps, Firebase) and are restricted by referrer or app, not kept secret.
        SecretRule.of("gcp-api-key", "AIza", "AIza[0-9A-Za-z_\\-]{35}", 39, 3.5, 0.8)
            .withDigit()
            .publishable(),
        SecretRule.of("alibaba-access-key-id", "LTAI", "LTAI[A-Za-z0-9]{20}", 24, 3.0, 0.9),
        SecretRule.of("digitalocean-token", "dop_v1_", "do[opr]_v1_[a-f0-9]{64}", 71, 3.0, 0.95),
        SecretRule.of("digitalocean-token", "doo_v1_", "do[opr]_v1_[a-f0-9]{64}", 71, 3.0, 0.95),
        SecretRule.of("digitalocean-token", "dor_v1_", "do[opr]_v1_[a-f0-9]{64}", 71, 3.0, 0.95),
        SecretRule.of("heroku-api-key", "HRKU-", "HRKU-[A-Za-z0-9_\\-]{60}", 65, 3.5, 0.95),
        SecretRule.of("databricks-token", "dapi", "dapi[a-f0-9]{32}(?:-[0-9]+)?", 40, 3.0, 0.9),
        // Source hosting and CI
        SecretRule.of("github-pat", "ghp_", "ghp_[A-Za-z0-9]{36}", 40, 3.0, 0.95),
        SecretRule.of("github-oauth", "gho_", "gho_[A-Za-z0-9]{36}", 40, 3.0, 0.95),
        SecretRule.of("github-app-token", "ghu_", "ghu_[A-Za-z0-9]{36}", 40, 3.0, 0.95),
        SecretRule.of("github-app-token", "ghs_", "ghs_[A-Za-z0-9]{36}", 40, 3.0, 0.95),
        SecretRule.of("github-refresh-token", "ghr_", "ghr_[A-Za-z0-9]{36}", 40, 3.0, 0.95),
        SecretRule.of(
            "github-fine-grained-pat", "github_pat_", "github_pat_[A-Za-z0-9_]{82}", 93, 3.0, 0.95),
        SecretRule.of("gitlab-pat", "glpat-", "glpat-[A-Za-z0-9_\\-.]{20,300}", 306, 3.0, 0.95),
        SecretRule.of("gitlab-ptt", "glptt-", "glptt-[A-Za-z0-9_\\-]{20,64}", 70, 3.0, 0.95),
        SecretRule.of(
            "gitlab-runner-token", "glrt-", "glrt-[A-Za-z0-9_\\-.]{20,300}", 305, 3.0, 0.95),
        SecretRule.of("gitlab-rrt", "GR1348941", "GR1348941[A-Za-z0-9_\\-]{20,64}", 73, 3.0, 0.95),
        SecretRule.of("gitlab-deploy-token", "gldt-", "gldt-[A-Za-z0-9_\\-]{20,64}", 69, 3.0, 0.95),
        SecretRule.of("gitlab-oauth-secret", "gloas-", "gloas-[A-Za-z0-9_\\-]{64}", 70, 3.0, 0.95),
        SecretRule.of("npm-access-token", "npm_", "npm_[A-Za-z0-9]{36}", 40, 3.0, 0.95),
        SecretRule.of(
            "pypi-upload-token",
            "pypi-",
            "pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_\\-]{50,}",
            400,
            3.0,
            0.95),
        SecretRule.of(
            "sourcegraph-access-token",
            "sgp_",
            "sgp_(?:(?:[a-fA-F0-9]{16}|local)_)?[a-fA-F0-9]{40}",
            62,
            3.0,
            0.9),
        SecretRule.of(
            "atlassian-api-token", "ATATT3", "ATATT3[A-Za-z0-9_\\-=]{186}", 192, 3.5, 0.95),
        SecretRule.of("octopus-deploy-api-key", "API-", "API-[A-Z0-9]{26}", 30, 3.0, 0.85),
        SecretRule.of(
            "postman-api-token", "PMAK-", "PMAK-[a-fA-F0-9]{24}-[a-fA-F0-9]{34}", 64, 3.0, 0.95),
        SecretRule.of("artifactory-api-key", "AKCp", "AKCp[A-Za-z0-9]{69}", 73, 3.5, 0.9),
        SecretRule.of(
            "artifactory-reference-token", "cmVmd", "cmVmd[A-Za-z0-9]{59}", 64, 3.5, 0.85),
        SecretRule.of("infracost-api-token", "ico-", "ico-[A-Za-z0-9]{32}", 36, 3.0, 0.85),
        SecretRule.of("readme-api-token", "rdme_", "rdme_[a-z0-9]{70}", 75, 3.0, 0.95),
        // Messaging and SaaS
        SecretRule.of(
            "slack-bot-token",
            "xoxb-",
            "xoxb-[0-9]{8,14}-[0-9]{8,14}-[A-Za-z0-9]{18,40}",
            80,
            3.0,
            0.95),
        SecretRule.of(
            "slack-user-token",
            "xoxp-",
            "xoxp-[0-9]{8,14}-[0-9]{8,14}-[0-9]{8,14}-[a-fA-F0-9]{28,64}",
            120,
            3.0,
            0.95),
        SecretRule.of(
            "slack-legacy-token", "xoxs-", "xoxs-[0-9]{8,14}-[0-9A-Za-z\\-]{20,}", 200, 3.0, 0.9),
        SecretRule.of(
            "slack-legacy-token", "xoxa-", "xoxa-[0-9]{1,14}-[0-9A-Za-z\\-]{20,}", 200, 3.0, 0.9),
        SecretRule.of(
            "slack-legacy-token", "xoxo-", "xoxo-[0-9]{8,14}-[0-9A-Za-z\\-]{20,}", 200, 3.0, 0.9),
        SecretRule.of(
            "slack-legacy-token", "xoxr-", "xoxr-[0-9]{8,14}-[0-9A-Za-z\\-]{20,}", 200, 3.0, 0.9),
        SecretRule.of(
            "slack-config-access-token",
            "xoxe.",
            "xoxe\\.xox[bp]-[0-9]-[A-Za-z0-9]{163,166}",
            180,
            3.5,
            0.95),
        SecretRule.of(
            "slack-config-refresh-token", "xoxe-", "xoxe-[0-9]-[A-Za-z0-9]{146}", 160, 3.5, 0.95),
        SecretRule.of(
            "slack-app-token", "xapp-", "xapp-[0-9]-[A-Z0-9]+-[0-9]+-[a-z0-9]+", 200, 3.0, 0.95),
        SecretRule.of(
            "stripe-secret-key", "sk_live_", "sk_live_[A-Za-z0-9]{10,99}", 107, 3.0, 0.95),
        SecretRule.of("stripe-secret-key", "sk_test_", "sk_test_[A-Za-z0-9]{10,99}", 107, 3.0, 0.9),
        SecretRule.of(
            "stripe-restricted-key", "rk_live_", "rk_live_[A-Za-z0-9]{10,99}", 107, 3.0, 0.95),
        SecretRule.of(
            "stripe-restricted-key", "rk_test_", "rk_test_[A-Za-z0-9]{10,99}", 107, 3.0, 0.9),
        SecretRule.of(
            "sendgrid-api-token",
            "SG.",
            "SG\\.[A-Za-z0-9_\\-]{22}\\.[A-Za-z0-9_\\-]{43}",
            69,
            3.0,
            0.95),
        SecretRule.of("mailgun-private-api-token", "key-", "key-[a-f0-9]{32}", 36, 3.0, 0.8),
        SecretRule.of("shopify-token", "shpat_", "shpat_[a-fA-F0-9]{32}", 38, 3.0, 0.95),
        SecretRule.of("shopify-token", "shpca_", "shpca_[a-fA-F0-9]{32}", 38, 3.0, 0.95),
        SecretRule.of("shopify-token", "shppa_", "shppa_[a-fA-F0-9]{32}", 38, 3.0, 0.95),
        SecretRule.of("shopify-token", "shpss_", "shpss_[a-fA-F0-9]{32}", 38, 3.0, 0.95),
        SecretRule.of("twilio-api-key", "SK", "SK[0-9a-fA-F]{32}", 34, 3.3, 0.7),
        SecretRule.of("notion-api-token", "ntn_", "ntn_[0-9]{11}[A-Za-z0-9]{35}", 50, 3.5, 0.95),
        SecretRule.of("linear-api-key", "lin_api_", "lin_api_[A-Za-z0-9]{40}", 48, 3.0, 0.95),
        SecretRule.of("doppler-api-token", "dp.pt.", "dp\\.pt\\.[A-Za-z0-9]{43}", 49, 3.0, 0.95),
        SecretRule.of(
            "grafana-cloud-api-token", "glc_", "glc_[A-Za-z0-9+/]{32,400}={0,2}", 406, 3.5, 0.9),
        SecretRule.of(
            "grafana-service-account-token",
            "glsa_",
            "glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}",
            46,
            3.0,
            0.95),
        SecretRule.of("intra42-client-secret", "s-s4t2ud-", "s-s4t2ud-[a-f0-9]{64}", 73, 3.0, 0.95),
        SecretRule.of("intra42-client-secret", "s-s4t2af-", "s-s4t2af-[a-f0-9]{64}", 73, 3.0, 0.95),
        SecretRule.of(
            "facebook-page-access-token", "EAAM", "EAAM[A-Za-z0-9]{100,}", 1024, 4.0, 0.9),
        SecretRule.of(
            "facebook-page-access-token", "EAAC", "EAAC[A-Za-z0-9]{100,}", 1024, 4.0, 0.9),
        SecretRule.of("huggingface-access-token", "hf_", "hf_[A-Za-z]{34}", 37, 3.5, 0.9),
        SecretRule.of("huggingface-org-token", "api_org_", "api_org_[A-Za-z]{34}", 42, 3.5, 0.9),
        SecretRule.of(
            "1password-secret-key",
            "A3-",
            "A3-[A-Z0-9]{6}-(?:[A-Z0-9]{11}|[A-Z0-9]{6}-[A-Z0-9]{5})-[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5}",
            40,
            3.0,
            0.95),
        SecretRule.of(
            "1password-service-account-token",
            "ops_eyJ",
            "ops_eyJ[A-Za-z0-9+/]{250,}={0,3}",
            2048,
            4.0,
            0.95),
        SecretRule.of(
            "vault-service-token", "hvs.", "hvs\\.[A-Za-z0-9_\\-]{90,120}", 124, 3.5, 0.95),
        SecretRule.of(
            "vault-batch-token", "hvb.", "hvb\\.[A-Za-z0-9_\\-]{138,300}", 304, 3.5, 0.95),
        SecretRule.of("vault-service-token-legacy", "s.", "s\\.[A-Za-z0-9]{24}", 26, 3.5, 0.7)
            .withDigit(),
        SecretRule.of(
            "age-secret-key",
            "AGE-SECRET-KEY-1",
            "AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}",
            74,
            3.0,
            0.95),
        // AI providers
        SecretRule.of(
            "openai-api-key",
            "sk-",
            "sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_\\-]{20,}T3BlbkFJ[A-Za-z0-9_\\-]{20,}",
            300,
            3.5,
            0.95),
        SecretRule.of(
            "anthropic-api-key",
            "sk-ant-api03-",
            "sk-ant-api03-[A-Za-z0-9_\\-]{93}AA",
            108,
            3.0,
            0.95),
        SecretRule.of(
            "anthropic-admin-api-key",
            "sk-ant-admin01-",
            "sk-ant-admin01-[A-Za-z0-9_\\-]{93}AA",
            110,
            3.0,
            0.95),
        SecretRule.of("perplexity-api-key", "pplx-", "pplx-[A-Za-z0-9]{48}", 53, 3.5, 0.95),
        SecretRule.of("groq-api-key", "gsk_", "gsk_[A-Za-z0-9]{52}", 56, 3.5, 0.95),
        SecretRule.of("replicate-api-token", "r8_", "r8_[A-Za-z0-9]{37}", 40, 3.5, 0.9),
        // Tokens of standard formats
        SecretRule.of(
            "jwt",
            "eyJ",
            "eyJ[A-Za-z0-9_\\-]{8,}\\.eyJ[A-Za-z0-9_\\-]{8,}\\.[A-Za-z0-9_\\-]*",
            4096,
            3.0,
            0.8));
  }
}
