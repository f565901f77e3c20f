//! Random identifiers from the browser's CSPRNG (`crypto.getRandomValues`,
//! available in insecure contexts too, unlike `crypto.randomUUID`).

use touchpoint_core::wire::uuid_v4;

/// A fresh submission id. Falls back to `Math.random` only if the Web Crypto API
/// is missing entirely; uniqueness then still holds in practice, unpredictability does not matter here.
pub fn new_uuid() -> String {
    let mut bytes = [0u8; 16];
    let filled = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .is_some_and(|c| c.get_random_values_with_u8_array(&mut bytes).is_ok());
    if !filled {
        for b in &mut bytes {
            *b = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    uuid_v4(bytes)
}
