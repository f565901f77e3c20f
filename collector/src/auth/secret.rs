//! Random secrets and what is stored of them. A session token or API key is 32 bytes
//! from the operating system's generator (256 bits: guessing one is hopeless), written in
//! base64url; the database keeps only its SHA-256, so a copy of the database (a backup,
//! a read replica) lets nobody sign in or read with them. A plain hash is enough here,
//! unlike for passwords: the secrets are random, not chosen by people, so there is no
//! dictionary to try.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

/// What API keys start with, so a leaked one is recognisable (secret scanners, logs).
pub const KEY_PREFIX: &str = "tp_";

/// How many characters of a key are kept in the clear for listing (`tp_` and five more).
pub const VISIBLE: usize = 8;

/// `n` random bytes from the operating system.
pub fn random_bytes<const N: usize>() -> Result<[u8; N], getrandom::Error> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes)?;
    Ok(bytes)
}

/// A new session token or CSRF token: 32 random bytes, base64url (43 characters).
pub fn token() -> Result<String, getrandom::Error> {
    Ok(URL_SAFE_NO_PAD.encode(random_bytes::<32>()?))
}

/// A new API key: `tp_` and 32 random bytes, base64url.
pub fn api_key() -> Result<String, getrandom::Error> {
    Ok(format!("{KEY_PREFIX}{}", token()?))
}

/// A short public id for a key (`key remove ID`, `DELETE /v1/keys/{id}`): 6 random bytes, hex.
pub fn key_id() -> Result<String, getrandom::Error> {
    Ok(random_bytes::<6>()?.iter().map(|b| format!("{b:02x}")).collect())
}

/// What is stored of a token or key: its SHA-256, in hex.
pub fn hash(secret: &str) -> String {
    Sha256::digest(secret.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// Whether two secrets are equal, in a time that does not depend on where they differ
/// (comparing their hashes: an attacker timing the comparison learns about the hashes,
/// which tell nothing about the secret).
pub fn same(a: &str, b: &str) -> bool {
    let (x, y) = (Sha256::digest(a.as_bytes()), Sha256::digest(b.as_bytes()));
    x.iter().zip(y.iter()).fold(0u8, |acc, (p, q)| acc | (p ^ q)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_32_random_bytes_in_base64url() {
        let (a, b) = (token().unwrap(), token().unwrap());
        assert_eq!(a.len(), 43);
        assert_ne!(a, b);
        assert!(a.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_'), "{a}");
        let key = api_key().unwrap();
        assert!(key.starts_with("tp_") && key.len() == 46, "{key}");
        assert_eq!(key_id().unwrap().len(), 12);
    }

    #[test]
    fn the_stored_hash_is_sha256_in_hex() {
        // The SHA-256 of "abc" (FIPS 180-2, appendix B.1).
        assert_eq!(hash("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assert!(same("tp_x", "tp_x") && !same("tp_x", "tp_y") && !same("", "a"));
    }
}
