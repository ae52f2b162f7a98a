//! Access tokens: short-lived HS256 JWTs.
//!
//! Validation pins the algorithm (so `alg: none` or an RS256 header is refused), checks the
//! signature, `exp` with a small leeway, `iss` and `aud`, and requires every claim. The
//! caller then checks the user still exists, is enabled and has the same `token_version`,
//! which is how a password, role or `disabled` change ends sessions at once.

use std::time::Duration;

use chrono::Utc;
use jsonwebtoken::{decode, encode, Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

use crate::domain::Role;

pub const ISSUER: &str = "marquee";
pub const AUDIENCE: &str = "marquee-admin";
const LEEWAY_SECONDS: u64 = 5;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    /// The user id, as a string (RFC 7519 makes `sub` a string).
    pub sub: String,
    pub role: Role,
    pub iat: i64,
    pub exp: i64,
    pub iss: String,
    pub aud: String,
    pub jti: String,
    /// The user's `token_version` when the token was issued.
    pub tv: i64,
    /// The login session (refresh-token family) the token was issued in: the token works only
    /// while that login lasts. Tokens from before logins were named carry none, and are
    /// refused.
    #[serde(default)]
    pub sid: String,
}

impl Claims {
    pub fn user_id(&self) -> Option<i64> {
        self.sub.parse().ok()
    }
}

pub struct JwtKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    ttl: Duration,
}

impl JwtKeys {
    pub fn new(secret: &[u8], ttl: Duration) -> anyhow::Result<Self> {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.algorithms = vec![Algorithm::HS256];
        validation.leeway = LEEWAY_SECONDS;
        validation.set_issuer(&[ISSUER]);
        validation.set_audience(&[AUDIENCE]);
        validation.set_required_spec_claims(&["exp", "iat", "iss", "aud", "sub"]);
        Ok(JwtKeys {
            encoding: EncodingKey::from_secret(secret)?,
            decoding: DecodingKey::from_secret(secret)?,
            validation,
            ttl,
        })
    }

    pub fn ttl(&self) -> Duration {
        self.ttl
    }

    /// Signs an access token for the user.
    pub fn issue(&self, user_id: i64, role: Role, token_version: i64, session: &str) -> anyhow::Result<String> {
        let now = Utc::now().timestamp();
        let claims = Claims {
            sub: user_id.to_string(),
            role,
            iat: now,
            exp: now + self.ttl.as_secs() as i64,
            iss: ISSUER.into(),
            aud: AUDIENCE.into(),
            jti: uuid::Uuid::new_v4().simple().to_string(),
            tv: token_version,
            sid: session.to_string(),
        };
        Ok(encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)?)
    }

    /// The claims of a token that passes every check, or `None`.
    pub fn verify(&self, token: &str) -> Option<Claims> {
        decode::<Claims>(token, &self.decoding, &self.validation).ok().map(|data| data.claims)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use base64::Engine;

    fn keys() -> JwtKeys {
        JwtKeys::new(b"0123456789abcdef0123456789abcdef", Duration::from_secs(900)).unwrap()
    }

    fn forge(header: serde_json::Value, claims: serde_json::Value, secret: &[u8]) -> String {
        let h = URL_SAFE_NO_PAD.encode(header.to_string());
        let c = URL_SAFE_NO_PAD.encode(claims.to_string());
        let key = EncodingKey::from_secret(secret).unwrap();
        let sig = jsonwebtoken::crypto::sign(format!("{h}.{c}").as_bytes(), &key, Algorithm::HS256).unwrap();
        format!("{h}.{c}.{sig}")
    }

    fn claims(overrides: serde_json::Value) -> serde_json::Value {
        let now = Utc::now().timestamp();
        let mut base = serde_json::json!({
            "sub": "1", "role": "admin", "iat": now, "exp": now + 600,
            "iss": ISSUER, "aud": AUDIENCE, "jti": "x", "tv": 0
        });
        for (k, v) in overrides.as_object().unwrap() {
            base[k] = v.clone();
        }
        base
    }

    const SECRET: &[u8] = b"0123456789abcdef0123456789abcdef";

    #[test]
    fn issued_tokens_verify() {
        let token = keys().issue(7, Role::Editor, 3, "family").unwrap();
        let claims = keys().verify(&token).unwrap();
        assert_eq!((claims.user_id(), claims.role, claims.tv), (Some(7), Role::Editor, 3));
        assert_eq!(claims.exp - claims.iat, 900);
    }

    #[test]
    fn forged_tokens_fail() {
        let hs256 = serde_json::json!({"alg": "HS256", "typ": "JWT"});
        assert!(keys().verify(&forge(hs256.clone(), claims(serde_json::json!({})), SECRET)).is_some());
        let cases = [
            ("wrong secret", forge(hs256.clone(), claims(serde_json::json!({})), b"another-secret-another-secret-xx")),
            ("expired", forge(hs256.clone(), claims(serde_json::json!({"exp": Utc::now().timestamp() - 60})), SECRET)),
            ("wrong iss", forge(hs256.clone(), claims(serde_json::json!({"iss": "someone"})), SECRET)),
            ("wrong aud", forge(hs256.clone(), claims(serde_json::json!({"aud": "other"})), SECRET)),
            ("HS512", forge(serde_json::json!({"alg": "HS512"}), claims(serde_json::json!({})), SECRET)),
        ];
        for (why, token) in cases {
            assert!(keys().verify(&token).is_none(), "{why}");
        }
        let none = format!(
            "{}.{}.",
            URL_SAFE_NO_PAD.encode(r#"{"alg":"none","typ":"JWT"}"#),
            URL_SAFE_NO_PAD.encode(claims(serde_json::json!({})).to_string())
        );
        assert!(keys().verify(&none).is_none(), "alg none");
        assert!(keys().verify("garbage").is_none());
    }
}
