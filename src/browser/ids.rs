//! The widget's one source of randomness: identifiers, sampling draws and the delivery
//! jitter's seed, from the browser's CSPRNG (`crypto.getRandomValues`, available in
//! insecure contexts too, unlike `crypto.randomUUID`).

use touchpoint_core::wire::uuid_v4;

/// Fills `bytes` from the CSPRNG. Falls back to `Math.random` only if the Web Crypto API
/// is missing entirely; ids then stay unique in practice and draws uniform, which is all they need.
fn random_bytes(bytes: &mut [u8]) {
    let filled = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .is_some_and(|c| c.get_random_values_with_u8_array(bytes).is_ok());
    if !filled {
        for b in bytes {
            *b = (js_sys::Math::random() * 256.0) as u8;
        }
    }
}

/// A fresh submission id.
pub fn new_uuid() -> String {
    let mut bytes = [0u8; 16];
    random_bytes(&mut bytes);
    uuid_v4(bytes)
}

/// A sampling draw, uniform in [0, 1).
pub fn draw() -> f64 {
    let mut bytes = [0u8; 4];
    random_bytes(&mut bytes);
    f64::from(u32::from_le_bytes(bytes)) / 4_294_967_296.0
}

/// 64 random bits, e.g. the seed of the delivery outbox's retry jitter.
pub fn seed() -> u64 {
    let mut bytes = [0u8; 8];
    random_bytes(&mut bytes);
    u64::from_le_bytes(bytes)
}
