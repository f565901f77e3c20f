//! Whose clock the channel directory reads, so tests can fix what production takes from
//! the visitor's browser.

/// What time it is, and in which zone and locale times are shown. The default is the
/// visitor's own: `Date.now()` re-read every minute (so "Open now" stays true), and the
/// browser's `Intl` zone and locale. Tests fix all three so a rendering is reproducible.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Clock {
    /// A fixed "now", in milliseconds since the Unix epoch; `None`: the visitor's clock.
    pub fixed_ms: Option<i64>,
    /// The IANA zone times are shown in; `None`: the visitor's.
    pub time_zone: Option<String>,
    /// The BCP 47 locale times are written in; `None`: the visitor's.
    pub locale: Option<String>,
}

impl Clock {
    /// A clock stopped at `ms`, showing times in `time_zone` for `locale`.
    pub fn fixed(ms: i64, time_zone: &str, locale: &str) -> Clock {
        Clock { fixed_ms: Some(ms), time_zone: Some(time_zone.to_owned()), locale: Some(locale.to_owned()) }
    }
}
