//! Device cookies, OWASP's answer to guessing one account from many addresses: a browser or
//! script that logged in to an account gets a signed cookie naming a random device and the
//! account. While an account is under attack, attempts on it from unknown devices take turns
//! (see `throttle`), and attempts that present a device cookie for that account skip the
//! queue, so the owner still gets in from where they logged in before. A device that fails
//! as often as one client may on one account loses that privilege for the window.

use hmac::Mac;

type Hmac = hmac::Hmac<sha2::Sha256>;

/// The cookie's name: `__Host-` makes browsers keep it to this host, over HTTPS, for every
/// path (the login is at `/api/v1/auth/login`).
pub const COOKIE: &str = "__Host-marquee_device";
/// How long a browser keeps it.
pub const LIFETIME_DAYS: i64 = 365;

/// Signs and checks device cookies with a key of their own, derived from the JWT secret.
pub struct DeviceKeys {
    key: Vec<u8>,
}

impl DeviceKeys {
    pub fn new(secret: &[u8]) -> Self {
        DeviceKeys { key: mac(secret, b"marquee device cookie key v1").to_vec() }
    }

    /// A cookie value for a device (new, or `device` kept) that logged in as `email`.
    pub fn issue(&self, email: &str, device: Option<&str>) -> String {
        let device = device.map_or_else(|| uuid::Uuid::new_v4().simple().to_string(), str::to_string);
        let signature = hex(&self.sign(email, &device));
        format!("{device}.{signature}")
    }

    /// The device a cookie value names, when it was issued for `email`.
    pub fn verify<'a>(&self, value: &'a str, email: &str) -> Option<&'a str> {
        let (device, signature) = value.split_once('.')?;
        let valid = device.len() == 32 && device.bytes().all(|b| b.is_ascii_hexdigit());
        let mut check = Hmac::new_from_slice(&self.key).expect("HMAC takes any key length");
        check.update(format!("{email}\n{device}").as_bytes());
        let signature = unhex(signature)?;
        (valid && check.verify_slice(&signature).is_ok()).then_some(device)
    }

    fn sign(&self, email: &str, device: &str) -> [u8; 32] {
        mac(&self.key, format!("{email}\n{device}").as_bytes())
    }
}

fn mac(key: &[u8], data: &[u8]) -> [u8; 32] {
    let mut mac = Hmac::new_from_slice(key).expect("HMAC takes any key length");
    mac.update(data);
    mac.finalize().into_bytes().into()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    if text.len() != 64 {
        return None;
    }
    (0..text.len()).step_by(2).map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cookie_names_its_device_for_its_account_only() {
        let keys = DeviceKeys::new(b"a secret of some length for tests");
        let cookie = keys.issue("ann@example.com", None);
        let device = keys.verify(&cookie, "ann@example.com").unwrap();
        assert_eq!(device.len(), 32);
        assert_eq!(keys.verify(&cookie, "bob@example.com"), None);
        assert_eq!(keys.issue("ann@example.com", Some(device)), cookie, "kept across logins");
        let other = DeviceKeys::new(b"another secret of some length!!!");
        assert_eq!(other.verify(&cookie, "ann@example.com"), None);
        for forged in ["", ".", "x.y", &cookie.replace('a', "b"), &format!("{device}.{}", "0".repeat(64))] {
            assert_eq!(keys.verify(forged, "ann@example.com"), None, "{forged}");
        }
    }
}
