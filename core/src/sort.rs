//! Sorting for the short lists the widget orders (a day's opening intervals, the
//! outbox's items and tombstones, the channel directory): insertion sort. Each use
//! of the standard library's sorts is monomorphised into about 3-4 KB of wasm per
//! element type; these cost a few hundred bytes and, on lists bounded by the
//! configuration or the outbox policy (tens to a few hundred elements), are quick
//! enough: a few hundred microseconds at worst, and only when something changes.

/// Sorts `v` stably (equal elements keep their order) so that no element is `less`
/// than the one before it.
pub fn sort_by<T>(v: &mut [T], mut less: impl FnMut(&T, &T) -> bool) {
    for i in 1..v.len() {
        let mut j = i;
        while j > 0 && less(&v[j], &v[j - 1]) {
            v.swap(j - 1, j);
            j -= 1;
        }
    }
}

/// Sorts `v` stably in ascending order.
pub fn sort<T: Ord>(v: &mut [T]) {
    sort_by(v, |a, b| a < b);
}

/// Sorts `v` stably by the key `key` gives each element.
pub fn sort_by_key<T, K: Ord>(v: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(v, |a, b| key(a) < key(b));
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn sorts_like_the_standard_library(mut v in prop::collection::vec(any::<i16>(), 0..200)) {
            let mut expected = v.clone();
            expected.sort();
            sort(&mut v);
            prop_assert_eq!(v, expected);
        }

        #[test]
        fn equal_keys_keep_their_order(mut v in prop::collection::vec((0u8..4, any::<u32>()), 0..100)) {
            let mut expected = v.clone();
            expected.sort_by_key(|(k, _)| *k);
            sort_by_key(&mut v, |(k, _)| *k);
            prop_assert_eq!(v, expected);
        }
    }
}
