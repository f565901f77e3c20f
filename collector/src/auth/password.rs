//! Passwords: argon2id with the RustCrypto crate's default parameters (19 MiB, 2 passes,
//! one lane: OWASP's recommended minimum), a random salt per password, stored as a PHC
//! string (`$argon2id$v=19$m=19456,t=2,p=1$…`) that carries its own parameters, so
//! stronger parameters later still verify old hashes.
//!
//! Hashing costs tens of milliseconds of CPU on purpose; callers run it off the async
//! runtime ([`tokio::task::spawn_blocking`]). A sign-in for an unknown email verifies
//! against [`dummy_hash`], so it costs the same time as a wrong password and the answer's
//! timing does not tell which emails have accounts.

use std::sync::OnceLock;

use argon2::Argon2;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};

/// Fewest characters a password may have.
pub const MIN_LENGTH: usize = 8;
/// Most bytes a password may have: enough for any passphrase, and a bound on hashing work.
pub const MAX_BYTES: usize = 1_024;

/// Why a password was not hashed.
#[derive(Debug, thiserror::Error)]
pub enum PasswordError {
    #[error("must be at least {MIN_LENGTH} characters")]
    TooShort,
    #[error("must be at most {MAX_BYTES} bytes")]
    TooLong,
    #[error("could not be hashed: {0}")]
    Hash(String),
}

/// Whether `password` may be set: long enough, not absurdly long.
pub fn check(password: &str) -> Result<(), PasswordError> {
    if password.chars().count() < MIN_LENGTH {
        return Err(PasswordError::TooShort);
    }
    if password.len() > MAX_BYTES {
        return Err(PasswordError::TooLong);
    }
    Ok(())
}

/// The PHC string to store for `password` (checked with [`check`] first).
pub fn hash(password: &str) -> Result<String, PasswordError> {
    check(password)?;
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| PasswordError::Hash(e.to_string()))
}

/// Whether `password` is the one `stored` was made from. A damaged hash verifies nothing.
pub fn verify(password: &str, stored: &str) -> bool {
    password.len() <= MAX_BYTES && Argon2::default().verify_password(password.as_bytes(), stored).is_ok()
}

/// A hash of a random password with the same parameters as real ones, made once per
/// process: verifying against it costs what verifying a real password costs.
pub fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| {
        let random = crate::auth::secret::token().unwrap_or_else(|_| "touchpoint-dummy-password".into());
        // Hashing a 43-character password with the default parameters does not fail; if it
        // did, an unparseable hash still makes `verify` answer false, only faster.
        hash(&random).unwrap_or_default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_verifies_against_its_argon2id_hash_and_nothing_else_does() {
        let stored = hash("correct horse battery").unwrap();
        assert!(stored.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{stored}");
        assert!(!stored.contains("correct horse"));
        assert!(verify("correct horse battery", &stored));
        assert!(!verify("correct horse batterY", &stored));
        assert!(!verify("", &stored));
        assert_ne!(hash("correct horse battery").unwrap(), stored, "a new salt each time");
        assert!(!verify("correct horse battery", "not a hash"));
        assert!(!verify("anything", dummy_hash()));
    }

    #[test]
    fn passwords_must_be_long_enough_and_bounded() {
        assert!(matches!(hash("short"), Err(PasswordError::TooShort)));
        assert!(matches!(check(&"x".repeat(MAX_BYTES + 1)), Err(PasswordError::TooLong)));
        assert!(check("eight ch").is_ok());
        assert!(!verify(&"x".repeat(MAX_BYTES + 1), dummy_hash()));
    }
}
